#pragma once
// The options every `agop` command has: --seed, --threads, --out, --quiet, --backend (and
// --force, the only way to replace an earlier run's folder; see run_directory.hpp).

#include <CLI/CLI.hpp>

#include <cstdint>
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

}  // namespace agop::cli
