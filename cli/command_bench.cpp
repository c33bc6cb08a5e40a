#include "cli/command_bench.hpp"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"
#include "bench/workload.hpp"
#include "cli/common_options.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "data/atomic_file.hpp"

namespace agop::cli {

namespace {

struct BenchOptions {
    CommonOptions common;
    std::vector<std::string> only;
    std::vector<int> thread_counts{1, 2};
};

std::vector<std::string> split_ids(const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (const auto& item : ids) {
        std::stringstream in(item);
        std::string id;
        while (std::getline(in, id, ','))
            if (!id.empty()) out.push_back(id);
    }
    return out;
}

void run_bench(const BenchOptions& options) {
    auto workloads = bench::all_workloads();
    const auto wanted = split_ids(options.only);
    for (const auto& id : wanted) {
        bool known = false;
        for (const auto& w : workloads) known = known || w.id == id;
        if (!known) {
            std::string names;
            for (const auto& w : workloads) names += " " + w.id;
            throw Error("--only: unknown workload '" + id + "'; known:" + names);
        }
    }
    use_backend(options.common.backend);
    RunDirectory run(options.common.out, options.common.force, {}, "bench");
    const char* coretype = std::getenv("OPENBLAS_CORETYPE");
    nlohmann::json report;
    report["blas"] = blas_description();
    report["backend"] = backend().name();
    report["openblas_coretype"] = coretype ? coretype : "(unset)";
    report["repetitions"] = "median of 5 after 1 warm-up";
    report["measurements"] = nlohmann::json::array();
    for (int threads : options.thread_counts) {
        set_threads(threads);
        for (const auto& w : workloads) {
            if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), w.id) == wanted.end()) continue;
            if (!options.common.quiet) std::cerr << "bench: " << w.id << " at " << threads << " thread(s)...\n";
            for (const auto& m : w.run(threads)) {
                report["measurements"].push_back({{"id", m.id},
                                                  {"description", m.description},
                                                  {"unit", m.unit},
                                                  {"value", m.value},
                                                  {"median_seconds", m.median_seconds},
                                                  {"threads", m.threads}});
                if (!options.common.quiet)
                    std::cout << m.id << "\t" << m.threads << " thr\t" << m.value << " " << m.unit << "\t"
                              << m.description << "\n";
            }
        }
    }
    write_text_file_atomically(run.staging() / "bench.json", report.dump(2) + "\n");
    run.commit();
    if (!options.common.quiet) std::cerr << "bench: wrote " << run.final_path("bench.json").string() << "\n";
}

}  // namespace

void add_bench_command(CLI::App& app) {
    auto options = std::make_shared<BenchOptions>();
    CLI::App* cmd = app.add_subcommand("bench", "Time the workloads of benchmarks.md; writes OUT/bench.json");
    add_common_options(cmd, options->common, "results/bench");
    cmd->add_option("--only", options->only, "Workload ids to run (comma-separated), e.g. P0,M1");
    cmd->add_option("--thread-counts", options->thread_counts, "Thread counts to measure at (comma-separated)")
        ->delimiter(',')
        ->check(whole_number(1, max_threads()))
        ->capture_default_str();
    cmd->callback([options] { run_bench(*options); });
}

}  // namespace agop::cli
