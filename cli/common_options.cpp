#include "cli/common_options.hpp"

#include "autodiff/backend.hpp"
#include "autodiff/threads.hpp"
#include "cli/option_checks.hpp"

namespace agop::cli {

void add_common_options(CLI::App* command, CommonOptions& options, const std::string& default_out) {
    options.out = default_out;
    command->add_option("--seed", options.seed, "Seed of every random choice (same seed, same bits)")
        ->check(whole_number(0, UINT64_MAX))
        ->capture_default_str();
    command->add_option("--threads", options.threads, "Threads for OpenMP loops and OpenBLAS")
        ->check(whole_number(1, max_threads()))
        ->capture_default_str();
    command->add_option("--out", options.out, "Output directory")->capture_default_str();
    command->add_flag("--quiet", options.quiet, "Print nothing but errors");
    command->add_flag("--force", options.force, "Replace the output folder of an earlier agop run");
    command->add_option("--backend", options.backend, "Backend for gemm: cpu, or cuda in a -DAGOP_CUDA=ON build")
        ->capture_default_str();
}

void apply_runtime_options(const CommonOptions& options) {
    set_threads(options.threads);
    use_backend(options.backend);
}

}  // namespace agop::cli
