// agop: the command-line front door. Each command lives in cli/command_<name>.cpp.

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

#include "autodiff/allocator.hpp"
#include "cli/command_bench.hpp"
#include "cli/command_evaluate.hpp"
#include "cli/command_explain.hpp"
#include "cli/command_info.hpp"
#include "cli/command_reproduce.hpp"
#include "cli/command_train.hpp"

int main(int argc, char** argv) {
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
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const std::exception& e) {
        std::cerr << "agop: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
