#include "cli/command_info.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "autodiff/cpu_features.hpp"
#include "autodiff/error.hpp"
#include "autodiff/openblas_core.hpp"
#include "autodiff/threads.hpp"
#include "cli/common_options.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "data/atomic_file.hpp"
#include "nn/checkpoint.hpp"

namespace agop::cli {

namespace {

// The CPU's model name as Linux reports it; "unknown" elsewhere or when a VM hides it.
std::string cpu_model_name() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

// What runs where: the CPU, its vector instructions, the OpenBLAS build and kernels (and why
// those), the thread settings. The same facts as the reports' BLAS line, one per line.
std::string system_summary() {
    const OpenblasCore core = openblas_core();
    const char* wait_policy = std::getenv("OMP_WAIT_POLICY");
    const char* spin_count = std::getenv("GOMP_SPINCOUNT");
    std::ostringstream out;
    out << "cpu: " << cpu_model_name() << ", " << std::thread::hardware_concurrency() << " logical CPUs\n"
        << "cpu features: " << describe(detect_cpu_features()) << "\n"
        << "blas: " << blas_description() << "\n"
        << "openblas core: " << core.running << "\n"
        << "openblas core chosen by: " << describe(core.source) << "\n"
        << "openblas core fitting this cpu: " << (core.best_for_cpu.empty() ? "(OpenBLAS's own)" : core.best_for_cpu)
        << "\n"
        << "threads: " << thread_count() << " (OpenMP and OpenBLAS; --threads N)\n"
        << "OMP_WAIT_POLICY: " << (wait_policy ? wait_policy : "(unset)") << "\n"
        << "GOMP_SPINCOUNT: " << (spin_count ? spin_count : "(unset)") << "\n";
    return out.str();
}

}  // namespace

void add_info_command(CLI::App& app) {
    auto path = std::make_shared<std::string>();
    auto system = std::make_shared<bool>(false);
    auto common = std::make_shared<CommonOptions>();
    CLI::App* cmd = app.add_subcommand("info", "Print a checkpoint's architecture, metadata and tensors, or with "
                                               "--system the CPU, BLAS kernels and threads in use "
                                               "(with --out, also into OUT/info.txt)");
    add_common_options(cmd, *common, "");
    cmd->add_option("checkpoint", *path, "A .safetensors file written by agop")->check(existing_file());
    cmd->add_flag("--system", *system, "Describe the machine instead: CPU features, OpenBLAS core type and why");
    cmd->callback([path, system, common] {
        if (*system == !path->empty())
            throw Error("give either a checkpoint file or --system (got " +
                        std::string(*system ? "both" : "neither") + ")");
        std::unique_ptr<RunDirectory> run;
        if (!common->out.empty())
            run = std::make_unique<RunDirectory>(common->out, common->force,
                                                 *system ? std::vector<std::string>{} : std::vector<std::string>{*path},
                                                 "info");
        const std::string summary = *system ? system_summary() : nn::checkpoint_summary(*path);
        if (!common->quiet) std::cout << summary;
        if (!run) return;
        write_text_file_atomically(run->staging() / "info.txt", summary);
        run->commit();
    });
}

}  // namespace agop::cli
