// agop: the command-line front door. Each command lives in cli/command_<name>.cpp.

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "autodiff/allocator.hpp"
#include "cli/command_bench.hpp"
#include "cli/command_errors.hpp"
#include "cli/command_evaluate.hpp"
#include "cli/command_explain.hpp"
#include "cli/command_info.hpp"
#include "cli/command_reproduce.hpp"
#include "cli/command_train.hpp"

#include <unistd.h>

// OpenMP's default lets idle threads spin. On two cores with any other load, each parallel
// region then waits for a descheduled spinner (measured: `reproduce all --quick` took 130 s
// at 2 threads against 14 s at 1; with PASSIVE, 14 s). libgomp reads OMP_WAIT_POLICY once,
// when it loads, so unless the user chose a policy agop re-executes itself with PASSIVE.
void use_passive_openmp_threads(char** argv) {
    if (std::getenv("OMP_WAIT_POLICY")) return;
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    execv("/proc/self/exe", argv);  // returns only on failure: then run on with the default policy
}

int main(int argc, char** argv) {
    use_passive_openmp_threads(argv);
    CLI::App app{"agop: gradient-based feature attribution around the Average Gradient Outer Product"};
    app.require_subcommand(1);
    agop::keep_freed_tensor_memory();
    std::string command_line = "agop";
    for (int i = 1; i < argc; ++i) command_line += std::string(" ") + argv[i];
    agop::cli::add_reproduce_command(app, command_line);
    agop::cli::add_train_command(app);
    agop::cli::add_explain_command(app);
    agop::cli::add_evaluate_command(app);
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
