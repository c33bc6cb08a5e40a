#include "cli/command_reproduce.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "attribution/integrated_gradients.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"
#include "cli/common_options.hpp"
#include "cli/option_checks.hpp"
#include "cli/reproduce_parts.hpp"
#include "cli/reproduce_settings.hpp"
#include "cli/run_directory.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/report_writer.hpp"
#include "experiments/image_experiment.hpp"
#include "experiments/roar_experiment.hpp"
#include "experiments/tabular_experiment.hpp"

#ifndef AGOP_VERSION
#define AGOP_VERSION "unknown"
#endif

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
    std::size_t epochs = 0;
    std::string ig_rule, model_output, scored_rows;
    bool xai_tris_double_softmax = false;
    bool no_timings = false;
    std::string shard;
    std::vector<std::string> merge;
};

// The experiments of WHICH as units, in the order of the report.
std::vector<ExperimentUnits> experiments_of(const std::string& which, const ReproduceOptions& options) {
    std::vector<ExperimentUnits> experiments;
    if (which == "all" || which == "tabular") experiments.push_back(tabular_experiment_units(options));
    if (which == "all" || which == "tabular-roar") experiments.push_back(roar_experiment_units(options));
    if (which == "all" || which == "images") experiments.push_back(image_experiment_units(options));
    return experiments;
}

// The ids of `wanted` that belong to `experiment`, in canonical order.
std::vector<std::string> ids_of(const ExperimentUnits& experiment, const std::vector<std::string>& wanted) {
    std::vector<std::string> ids;
    for (const std::string& id : experiment.unit_ids)
        if (std::find(wanted.begin(), wanted.end(), id) != wanted.end()) ids.push_back(id);
    return ids;
}

// Assembles each experiment from its units. A unit file that parses but lacks what the
// assembly reads (edited by hand, another agop) is refused in one line.
std::vector<ExperimentResult> assemble_all(const std::vector<ExperimentUnits>& experiments,
                                           const std::map<std::string, UnitResult>& units) {
    std::vector<ExperimentResult> results;
    for (const ExperimentUnits& experiment : experiments) {
        std::map<std::string, UnitResult> own;
        for (const std::string& id : experiment.unit_ids) own[id] = units.at(id);
        try {
            results.push_back(experiment.assemble(own));
        } catch (const nlohmann::json::exception& e) {
            throw Error("agop reproduce: a unit result of " + experiment.experiment +
                        " lacks what its assembly reads (a non-finite number, or a part written by another agop or "
                        "edited): " + e.what());
        }
    }
    return results;
}

void run_reproduce(const ReproduceCommandOptions& o) {
    if (o.which != "all" && o.which != "tabular" && o.which != "tabular-roar" && o.which != "images")
        throw Error("agop reproduce " + o.which + ": expected tabular, tabular-roar, images or all");
    if (!o.shard.empty() && !o.merge.empty()) throw Error("agop reproduce: --shard and --merge exclude each other");
    const std::optional<Shard> shard = o.shard.empty() ? std::nullopt : std::optional(parse_shard(o.shard));
    apply_runtime_options(o.common);
    std::vector<std::string> inputs{o.data_dir};
    inputs.insert(inputs.end(), o.merge.begin(), o.merge.end());
    RunDirectory run(o.common.out, o.common.force, inputs, "reproduce");
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
    options.epochs = o.epochs;
    options.ig_rule = o.ig_rule;
    options.model_output = o.model_output;
    options.scored_rows = o.scored_rows;
    options.xai_tris_double_softmax = o.xai_tris_double_softmax;
    options.timings = !o.no_timings;

    const std::vector<ExperimentUnits> experiments = experiments_of(o.which, options);
    std::vector<std::string> all_ids;
    for (const ExperimentUnits& experiment : experiments)
        all_ids.insert(all_ids.end(), experiment.unit_ids.begin(), experiment.unit_ids.end());
    const PartIdentity identity{canonical_settings(o.which, options, o.common.backend),
                                canonical_command(o.which, options, thread_count(), o.common.backend), thread_count(),
                                AGOP_VERSION};

    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    if (shard) {
        const std::vector<std::string> ids = shard_unit_ids(all_ids, *shard);
        std::map<std::string, UnitResult> units;
        for (const ExperimentUnits& experiment : experiments)
            units.merge(run_units(experiment, ids_of(experiment, ids), options.quiet));
        write_part(run.staging(), *shard, ids, units, identity, elapsed());
        run.commit();
        if (!o.common.quiet)
            std::cout << "wrote part " << shard->index << "/" << shard->count << " (" << ids.size() << " of "
                      << all_ids.size() << " units) to " << run.final_path("part.json").string() << "\n";
        return;
    }
    std::map<std::string, UnitResult> units;
    double seconds = 0.0;
    if (!o.merge.empty()) {
        MergedParts merged = read_parts(o.merge, all_ids, identity);
        units = std::move(merged.units);
        seconds = merged.seconds;  // the parts' wall times added up
    } else {
        for (const ExperimentUnits& experiment : experiments)
            units.merge(run_units(experiment, experiment.unit_ids, options.quiet));
        seconds = elapsed();
    }
    const std::vector<ExperimentResult> results = assemble_all(experiments, units);
    write_report(run.staging(), results, RunRecord{identity.command, options, thread_count(), seconds});
    run.commit();
    if (!o.common.quiet)
        std::cout << "wrote " << run.final_path("report.md").string() << " (and CSV, JSON, PNG beside it)\n";
}

}  // namespace

void add_reproduce_command(CLI::App& app) {
    auto o = std::make_shared<ReproduceCommandOptions>();
    CLI::App* cmd = app.add_subcommand("reproduce", "Reproduce the papers' tables: report.md, CSV, JSON and PNG in --out");
    add_common_options(cmd, o->common, "results");
    cmd->add_option("which", o->which, "tabular | tabular-roar | images | all")->capture_default_str();
    cmd->add_flag("--quick", o->quick, "Smoke-test sizes (under 3 minutes on 2 cores); the numbers mean nothing");
    cmd->add_option("--seeds", o->seeds, "Repetitions behind every mean and interval (default 5; 1 with --quick)")
        ->check(whole_number(0, 1000));
    cmd->add_option("--data-dir", o->data_dir, "Folder holding adult/ and credit-default/ for ROAR (else AGOP_DATA_DIR)");
    cmd->add_option("--agop-estimate", o->agop_estimate,
                    "images: how diag(M) is estimated: post-hoc (the kept weights on the whole training set; default), "
                    "hook-sampled (the training hook on every 8th batch of the kept epoch), hook-every-batch");
    cmd->add_flag("--agop-estimate-study", o->agop_estimate_study,
                  "images: also score AGOP-Weighted and AGOP-Global under every estimate (table agop_estimate)");
    cmd->add_option("--clevr-xai", o->clevr_xai_dir,
                    "images: the CLEVR-XAI release folder (CLEVR_questions.json, images/, ground_truth/); its "
                    "shape questions replace the procedural stand-in");
    cmd->add_option("--epochs", o->epochs,
                    "Training epochs of the XAI-TRIS CNNs (default 500, the original's; 12 with --quick), the tabular "
                    "MLPs and ROAR's models (their defaults: at most 50 and 30, early stopping); the CLEVR ResNet "
                    "keeps its schedule")
        ->check(whole_number(1, 100000));
    cmd->add_option("--ig-rule", o->ig_rule,
                    "Integrated Gradients' quadrature in every experiment: gauss-legendre (Captum's default; default), "
                    "trapezoid, riemann-left, riemann-right, riemann-middle")
        ->check(CLI::IsMember(integration_rule_words()));
    cmd->add_option("--model-output", o->model_output,
                    "images, XAI-TRIS: what every method explains: logits (default) or probabilities (the target's "
                    "softmax probability, as the original XAI-TRIS code)")
        ->check(CLI::IsMember({"logits", "probabilities"}));
    cmd->add_option("--scored-rows", o->scored_rows,
                    "images, XAI-TRIS: the test rows scored: cnn (the rows each model classifies correctly; default) "
                    "or all-seeds (one data set per setting for every seed, scored on the rows every seed's model "
                    "classifies correctly, as the original scores the rows all its models get right)")
        ->check(CLI::IsMember({"cnn", "all-seeds"}));
    cmd->add_flag("--xai-tris-double-softmax", o->xai_tris_double_softmax,
                  "images: train the XAI-TRIS CNNs as the original does, cross-entropy applied to softmax outputs");
    cmd->add_flag("--no-timings", o->no_timings,
                  "Write every wall time (ms/sample, speed-ups, stage seconds, total, date) as \"not measured\" and "
                  "leave the timing claim unchecked, so that two runs compare byte for byte");
    cmd->add_option("--shard", o->shard,
                    "i/n: run only part i of n of the experiment units (unit k goes to part k mod n + 1) and write "
                    "them with part.json to --out, for --merge");
    cmd->add_option("--merge", o->merge,
                    "Part folders of --shard runs with the same options: check they hold every unit once, then write "
                    "the report to --out as an unsharded run would")
        ->expected(1, -1);
    cmd->callback([o] { run_reproduce(*o); });
}

}  // namespace agop::cli
