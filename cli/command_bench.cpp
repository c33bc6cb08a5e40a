#include "cli/command_bench.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "autodiff/backend.hpp"
#include "autodiff/cpu_features.hpp"
#include "autodiff/error.hpp"
#include "autodiff/openblas_core.hpp"
#include "autodiff/threads.hpp"
#include "bench/workload.hpp"
#include "cli/common_options.hpp"

namespace agop::cli {

namespace {

struct BenchOptions {
    CommonOptions common;
    std::vector<std::string> only;
    std::vector<int> thread_counts{1, 2};
};

// The peak resident memory since the last reset, in MiB, and the reset: Linux keeps the peak
// (VmHWM) per process and clears it when "5" is written to /proc/self/clear_refs. -1 where
// the kernel offers neither.
void reset_peak_resident_memory() { std::ofstream("/proc/self/clear_refs") << "5"; }

double peak_resident_memory_mib() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // "VmHWM:  1234 kB"
    return -1.0;
}

// Throughput at each thread count over the throughput at the first one (> 1: the extra
// threads help), for every measurement id; a "seconds" value is a duration, so inverted.
nlohmann::json thread_speedups(const nlohmann::json& measurements, int base_threads) {
    nlohmann::json speedups = nlohmann::json::array();
    for (const auto& m : measurements) {
        if (m["threads"] == base_threads || m["unit"] == "overhead %") continue;
        for (const auto& base : measurements) {
            if (base["id"] != m["id"] || base["threads"] != base_threads) continue;
            const double v = m["value"], b = base["value"];
            const double speedup = m["unit"] == "seconds" ? b / v : v / b;
            speedups.push_back({{"id", m["id"]}, {"threads", m["threads"]}, {"base_threads", base_threads},
                                {"speedup", speedup}});
        }
    }
    return speedups;
}

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
    const auto dir = prepare_output_directory(options.common);
    const char* coretype = std::getenv("OPENBLAS_CORETYPE");
    const OpenblasCore core = openblas_core();
    nlohmann::json report;
    report["blas"] = blas_description();
    report["backend"] = backend().name();
    report["openblas_coretype"] = coretype ? coretype : "(unset)";
    report["openblas_core"] = core.running;
    report["openblas_core_source"] = describe(core.source);
    report["openblas_core_fitting_cpu"] = core.best_for_cpu;
    report["cpu_features"] = describe(detect_cpu_features());
    std::ifstream loadavg("/proc/loadavg");
    std::string load_at_start;
    std::getline(loadavg, load_at_start);
    report["load_at_start"] = load_at_start;
    report["repetitions"] = "median of 5 after 1 warm-up";
    report["measurements"] = nlohmann::json::array();
    // Each workload at every thread count before the next workload, so that a change of load
    // on a shared machine falls between workloads rather than between a workload's 1- and
    // 2-thread runs (their ratio is what thread_speedups reports).
    for (const auto& w : workloads) {
        if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), w.id) == wanted.end()) continue;
        for (int threads : options.thread_counts) {
            set_threads(threads);
            if (!options.common.quiet) std::cerr << "bench: " << w.id << " at " << threads << " thread(s)...\n";
            reset_peak_resident_memory();
            const auto measurements = w.run(threads);
            const double peak_mib = peak_resident_memory_mib();
            for (const auto& m : measurements) {
                report["measurements"].push_back({{"id", m.id},
                                                  {"description", m.description},
                                                  {"unit", m.unit},
                                                  {"value", m.value},
                                                  {"median_seconds", m.median_seconds},
                                                  {"threads", m.threads},
                                                  {"workload_peak_rss_mib", peak_mib}});
                std::cout << m.id << "\t" << m.threads << " thr\t" << m.value << " " << m.unit << "\t"
                          << m.description << "\n";
            }
        }
    }
    report["thread_speedups"] = thread_speedups(report["measurements"], options.thread_counts.front());
    for (const auto& s : report["thread_speedups"])
        std::cout << s["id"].get<std::string>() << "\t" << s["threads"] << "/" << s["base_threads"]
                  << " thr speed-up\t" << s["speedup"] << "\n";
    std::ofstream(dir / "bench.json") << report.dump(2) << "\n";
    if (!options.common.quiet) std::cerr << "bench: wrote " << (dir / "bench.json").string() << "\n";
}

}  // namespace

void add_bench_command(CLI::App& app) {
    auto options = std::make_shared<BenchOptions>();
    CLI::App* cmd = app.add_subcommand("bench", "Time the workloads of benchmarks.md; writes OUT/bench.json");
    add_common_options(cmd, options->common, "results/bench");
    cmd->add_option("--only", options->only, "Workload ids to run (comma-separated), e.g. P0,M1");
    cmd->add_option("--thread-counts", options->thread_counts, "Thread counts to measure at")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->callback([options] { run_bench(*options); });
}

}  // namespace agop::cli
