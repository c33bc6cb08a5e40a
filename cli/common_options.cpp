#include "cli/common_options.hpp"

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"

namespace agop::cli {

void add_common_options(CLI::App* command, CommonOptions& options, const std::string& default_out) {
    options.out = default_out;
    command->add_option("--seed", options.seed, "Seed of every random choice (same seed, same bits)")
        ->capture_default_str();
    command->add_option("--threads", options.threads, "Threads for OpenMP loops and OpenBLAS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    command->add_option("--out", options.out, "Output directory")->capture_default_str();
    command->add_flag("--quiet", options.quiet, "No progress lines on stderr");
    command->add_flag("--force", options.force, "Write into an output directory that already holds files");
    command->add_option("--backend", options.backend, "Backend for gemm: cpu, or cuda in a -DAGOP_CUDA=ON build")
        ->capture_default_str();
}

void apply_runtime_options(const CommonOptions& options) {
    set_threads(options.threads);
    use_backend(options.backend);
}

std::filesystem::path prepare_output_directory(const CommonOptions& options) {
    namespace fs = std::filesystem;
    const fs::path dir(options.out);
    if (fs::exists(dir) && !fs::is_directory(dir))
        throw Error("--out " + options.out + ": exists and is not a directory");
    if (fs::exists(dir) && !fs::is_empty(dir) && !options.force)
        throw Error("--out " + options.out +
                    ": the directory already holds an earlier run; choose another --out or pass --force to "
                    "overwrite its files");
    fs::create_directories(dir);
    return dir;
}

}  // namespace agop::cli
