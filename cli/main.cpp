// agop: the command-line front door. Each command lives in cli/command_<name>.cpp.

#include <CLI/CLI.hpp>
#include <cblas.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "autodiff/allocator.hpp"
#include "autodiff/openblas_core.hpp"
#include "cli/command_bench.hpp"
#include "cli/command_compare.hpp"
#include "cli/command_errors.hpp"
#include "cli/command_evaluate.hpp"
#include "cli/command_explain.hpp"
#include "cli/command_info.hpp"
#include "cli/command_merge.hpp"
#include "cli/command_reproduce.hpp"
#include "cli/command_train.hpp"

#include <unistd.h>

// Settings that libraries read once, when they load, so that agop re-executes itself (once,
// for both) when the user has set none of them:
// - OpenMP's idle threads. libgomp's default lets them spin for about 300,000 rounds: on two
//   cores with any other load, each parallel region then waits for a descheduled spinner
//   (measured: `reproduce all --quick` took 130 s at 2 threads against 14 s at 1). Not spinning
//   at all (OMP_WAIT_POLICY=PASSIVE) costs a sleep and a wake-up per region instead, which made
//   small work slower on 2 threads than on 1 on an idle machine (IG on the tabular MLP 73k
//   rows/s at 2 threads against 113k at 1; the CNN8by8 training step 155k images/s against
//   394k). A short spin, GOMP_SPINCOUNT=1000, keeps both: idle, 189k and 377k; with two busy
//   processes beside it, `reproduce all --quick` as fast as with PASSIVE (7.0-9.3 s against
//   7.8-9.9 s), where 10,000 rounds were already slower (9.6-12.0 s).
// - OpenBLAS picks its kernels from the CPU model and falls back to SSE3 kernels on a CPU it
//   does not know (measured on an AVX-512 cloud VM: 31 GFLOP/s sgemm against 150 with SkylakeX).
void reexecute_with_fitting_library_settings(char** argv) {
    bool changed = false;
    if (!std::getenv("OMP_WAIT_POLICY") && !std::getenv("GOMP_SPINCOUNT")) {
        setenv("GOMP_SPINCOUNT", "1000", 1);
        changed = true;
    }
    const std::string core = agop::openblas_coretype_to_set();
    if (!core.empty()) {
        setenv(agop::openblas_own_core_variable, openblas_get_corename(), 1);
        setenv("OPENBLAS_CORETYPE", core.c_str(), 1);
        changed = true;
    }
    if (changed) execv("/proc/self/exe", argv);  // returns only on failure: then run on as we are
}

int main(int argc, char** argv) {
    reexecute_with_fitting_library_settings(argv);
    CLI::App app{"agop: gradient-based feature attribution around the Average Gradient Outer Product"};
    app.require_subcommand(1);
    agop::keep_freed_tensor_memory();
    agop::cli::add_reproduce_command(app);
    agop::cli::add_train_command(app);
    agop::cli::add_explain_command(app);
    agop::cli::add_merge_command(app);
    agop::cli::add_evaluate_command(app);
    agop::cli::add_compare_command(app);
    agop::cli::add_info_command(app);
    agop::cli::add_bench_command(app);
    // A bad option is one line too (CLI11 would add "Run with --help for more information.").
    app.failure_message([](const CLI::App*, const CLI::Error& e) { return "agop: error: " + std::string(e.what()) + "\n"; });
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (...) {
        const auto parsed = app.get_subcommands();
        std::cerr << agop::cli::failure_line(parsed.empty() ? "" : parsed.front()->get_name(), std::current_exception())
                  << "\n";
        return 1;
    }
    return 0;
}
