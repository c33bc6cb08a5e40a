#include "cli/command_reproduce.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"
#include "cli/common_options.hpp"
#include "experiments/report_writer.hpp"
#include "experiments/image_experiment.hpp"
#include "experiments/roar_experiment.hpp"
#include "experiments/tabular_experiment.hpp"

namespace agop::cli {

namespace {

struct ReproduceCommandOptions {
    CommonOptions common;
    std::string which = "all";
    bool quick = false;
    std::size_t seeds = 0;
    std::string data_dir;
    std::string agop_estimate;
    bool agop_estimate_study = false;
    std::string clevr_xai_dir;
    std::string command_line;
};

void run_reproduce(const ReproduceCommandOptions& o) {
    if (o.which != "all" && o.which != "tabular" && o.which != "tabular-roar" && o.which != "images")
        throw Error("agop reproduce " + o.which + ": expected tabular, tabular-roar, images or all");
    apply_runtime_options(o.common);
    const auto dir = prepare_output_directory(o.common);
    ReproduceOptions options;
    options.quick = o.quick;
    options.seeds = o.seeds > 0 ? o.seeds : (o.quick ? 1 : 5);
    options.seed = o.common.seed;
    options.quiet = o.common.quiet;
    options.data_dir = o.data_dir;
    if (!o.agop_estimate.empty()) parse_agop_estimate(o.agop_estimate);  // refuse a bad word before any work
    options.agop_estimate = o.agop_estimate;
    options.agop_estimate_study = o.agop_estimate_study;
    if (!o.clevr_xai_dir.empty() && o.which != "images" && o.which != "all")
        throw Error("agop reproduce " + o.which + ": --clevr-xai applies to images (or all)");
    options.clevr_xai_dir = o.clevr_xai_dir;

    const auto start = std::chrono::steady_clock::now();
    std::vector<ExperimentResult> results;
    if (o.which == "all" || o.which == "tabular") results.push_back(run_tabular_experiment(options));
    if (o.which == "all" || o.which == "tabular-roar") results.push_back(run_roar_experiment(options));
    if (o.which == "all" || o.which == "images") results.push_back(run_image_experiment(options));
    RunRecord run{o.command_line, options, thread_count(),
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
    write_report(dir, results, run);
    std::cout << "wrote " << (dir / "report.md").string() << " (and CSV, JSON, PNG beside it)\n";
}

}  // namespace

void add_reproduce_command(CLI::App& app, const std::string& command_line) {
    auto o = std::make_shared<ReproduceCommandOptions>();
    o->command_line = command_line;
    CLI::App* cmd = app.add_subcommand("reproduce", "Reproduce the papers' tables: report.md, CSV, JSON and PNG in --out");
    add_common_options(cmd, o->common, "results");
    cmd->add_option("which", o->which, "tabular | tabular-roar | images | all")->capture_default_str();
    cmd->add_flag("--quick", o->quick, "Smoke-test sizes (under 3 minutes on 2 cores); the numbers mean nothing");
    cmd->add_option("--seeds", o->seeds, "Repetitions behind every mean and interval (default 5; 1 with --quick)");
    cmd->add_option("--data-dir", o->data_dir, "Folder holding adult/ and credit-default/ for ROAR (else AGOP_DATA_DIR)");
    cmd->add_option("--agop-estimate", o->agop_estimate,
                    "images: how diag(M) is estimated: post-hoc (the kept weights on the whole training set; default), "
                    "hook-sampled (the training hook on every 8th batch of the kept epoch), hook-every-batch");
    cmd->add_flag("--agop-estimate-study", o->agop_estimate_study,
                  "images: also score AGOP-Weighted and AGOP-Global under every estimate (table agop_estimate)");
    cmd->add_option("--clevr-xai", o->clevr_xai_dir,
                    "images: the CLEVR-XAI release folder (CLEVR_questions.json, images/, ground_truth/); its "
                    "shape questions replace the procedural stand-in");
    cmd->callback([o] { run_reproduce(*o); });
}

}  // namespace agop::cli
