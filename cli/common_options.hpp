#pragma once
// The options every `agop` command has: --seed, --threads, --out, --quiet, --backend (and
// --force, the only way to write over an earlier run's files).

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace agop::cli {

struct CommonOptions {
    std::uint64_t seed = 0;
    int threads = 2;
    std::string out = "results";
    bool quiet = false;
    bool force = false;
    std::string backend = "cpu";
};

// Adds the common options to `command`, with `default_out` as --out's default.
void add_common_options(CLI::App* command, CommonOptions& options, const std::string& default_out);

// Applies --threads (OpenMP and OpenBLAS) and --backend.
void apply_runtime_options(const CommonOptions& options);

// Creates `path` (a directory) for writing. If it already holds files and --force was not
// given, throws an agop::Error naming the directory and the flag.
std::filesystem::path prepare_output_directory(const CommonOptions& options);

}  // namespace agop::cli
