#include "cli/command_reproduce.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <vector>

#include "attribution/integrated_gradients.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"
#include "cli/common_options.hpp"
#include "cli/option_checks.hpp"
#include "cli/reproduce_parts.hpp"
#include "cli/reproduce_settings.hpp"
#include "cli/run_directory.hpp"
#include "experiments/experiment_unit_costs.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/image_experiment.hpp"
#include "experiments/progress.hpp"
#include "experiments/report_writer.hpp"
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
    std::string side_by_side = "auto";
    std::set<std::string> given;  // the options that define results given on the command line (merge checks)
};

// The options whose values define the results, as named in the canonical settings.
const std::vector<std::pair<std::string, std::string>> defining_options{
    {"which", "which"},
    {"--quick", "quick"},
    {"--seeds", "seeds"},
    {"--seed", "seed"},
    {"--backend", "backend"},
    {"--no-timings", "timings"},
    {"--data-dir", "data_dir"},
    {"--agop-estimate", "agop_estimate"},
    {"--agop-estimate-study", "agop_estimate_study"},
    {"--clevr-xai", "clevr_xai"},
    {"--epochs", "epochs"},
    {"--ig-rule", "ig_rule"},
    {"--model-output", "model_output"},
    {"--scored-rows", "scored_rows"},
    {"--xai-tris-double-softmax", "xai_tris_double_softmax"}};

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

ReproduceOptions reproduce_options(const ReproduceCommandOptions& o) {
    ReproduceOptions options;
    options.quick = o.quick;
    options.seeds = o.seeds > 0 ? o.seeds : (o.quick ? 1 : 5);
    options.seed = o.common.seed;
    options.quiet = o.common.quiet;
    options.data_dir = o.data_dir;
    if (!o.agop_estimate.empty()) parse_agop_estimate(o.agop_estimate);  // refuse a bad word before any work
    options.agop_estimate = o.agop_estimate;
    options.agop_estimate_study = o.agop_estimate_study;
    options.clevr_xai_dir = o.clevr_xai_dir;
    options.epochs = o.epochs;
    options.ig_rule = o.ig_rule;
    options.model_output = o.model_output;
    options.scored_rows = o.scored_rows;
    options.xai_tris_double_softmax = o.xai_tris_double_softmax;
    options.timings = !o.no_timings;
    return options;
}

// A merge takes WHICH and the settings from its first part (the others agree with it). An option
// given on the merge's command line must agree with the parts.
ReproduceCommandOptions merge_options_from_parts(const ReproduceCommandOptions& o, const PartFolder& first) {
    const PartSettings parts = read_part_settings(first);
    const nlohmann::json wanted = canonical_settings(o.which, reproduce_options(o), o.common.backend);
    const nlohmann::json found = canonical_settings(parts.which, parts.options, parts.backend);
    for (const auto& [option, field] : defining_options)
        if (o.given.count(option) && wanted.at(field) != found.at(field))
            throw Error("agop reproduce --merge: " + option + " is " + wanted.at(field).dump() + " but the parts ran " +
                        found.at(field).dump() + " (" + first.dir +
                        "/part.json; a merge takes the settings from its parts, so leave it out)");
    ReproduceCommandOptions merged = o;
    merged.which = parts.which;
    merged.quick = parts.options.quick;
    merged.seeds = parts.options.seeds;
    merged.common.seed = parts.options.seed;
    merged.common.backend = parts.backend;
    merged.no_timings = !parts.options.timings;
    merged.data_dir = parts.options.data_dir;
    merged.agop_estimate = parts.options.agop_estimate;
    merged.agop_estimate_study = parts.options.agop_estimate_study;
    merged.clevr_xai_dir = parts.options.clevr_xai_dir;
    merged.epochs = parts.options.epochs;
    merged.ig_rule = parts.options.ig_rule;
    merged.model_output = parts.options.model_output;
    merged.scored_rows = parts.options.scored_rows;
    merged.xai_tris_double_softmax = parts.options.xai_tris_double_softmax;
    if (!o.given.count("--threads")) merged.common.threads = parts.threads;
    return merged;
}

// How many units run at once: --threads of them, each on one thread, when WHICH has more units
// than threads (decided on the whole list, so that every part of a run decides alike).
std::size_t units_side_by_side(const ReproduceCommandOptions& o, std::size_t unit_count) {
    if (o.side_by_side != "auto" && o.side_by_side != "off")
        throw Error("--side-by-side: expected auto or off, got '" + o.side_by_side + "'");
    const auto threads = static_cast<std::size_t>(o.common.threads);
    return o.side_by_side == "auto" && threads > 1 && unit_count > threads ? threads : 1;
}

// The tasks for `ids`, longest estimated first (side by side, the longest start first).
std::vector<UnitTask> tasks_longest_first(const std::vector<ExperimentUnits>& experiments,
                                          const std::vector<std::string>& ids,
                                          const std::map<std::string, double>& estimated) {
    std::vector<UnitTask> tasks;
    for (const ExperimentUnits& experiment : experiments)
        for (const std::string& id : ids_of(experiment, ids)) tasks.push_back({&experiment, id});
    std::stable_sort(tasks.begin(), tasks.end(),
                     [&](const UnitTask& a, const UnitTask& b) { return estimated.at(a.id) > estimated.at(b.id); });
    return tasks;
}

void run_reproduce(const ReproduceCommandOptions& given) {
    if (!given.shard.empty() && !given.merge.empty())
        throw Error("agop reproduce: --shard and --merge exclude each other");
    const std::vector<PartFolder> parts =
        given.merge.empty() ? std::vector<PartFolder>{} : read_reproduce_parts(given.merge);
    const ReproduceCommandOptions o = given.merge.empty() ? given : merge_options_from_parts(given, parts.front());
    if (o.which != "all" && o.which != "tabular" && o.which != "tabular-roar" && o.which != "images")
        throw Error("agop reproduce " + o.which + ": expected tabular, tabular-roar, images or all");
    const std::optional<Shard> shard = o.shard.empty() ? std::nullopt : std::optional(parse_shard(o.shard));
    apply_runtime_options(o.common);
    std::vector<std::string> inputs{o.data_dir};
    inputs.insert(inputs.end(), o.merge.begin(), o.merge.end());
    RunDirectory run(o.common.out, o.common.force, inputs, "reproduce");
    const ReproduceOptions options = reproduce_options(o);
    if (!o.clevr_xai_dir.empty() && o.which != "images" && o.which != "all")
        throw Error("agop reproduce " + o.which + ": --clevr-xai applies to images (or all)");

    const std::vector<ExperimentUnits> experiments = experiments_of(o.which, options);
    std::vector<std::string> all_ids;
    std::vector<double> costs;
    std::map<std::string, double> estimated;
    for (const ExperimentUnits& experiment : experiments)
        for (const std::string& id : experiment.unit_ids) {
            all_ids.push_back(id);
            costs.push_back(estimated[id] = estimated_unit_seconds(id, options));
        }
    const std::size_t side_by_side = units_side_by_side(o, all_ids.size());
    // Side by side every unit runs on one thread: the results, and the command that gives them,
    // are those of --threads 1; the assembly runs on one thread too.
    const int unit_threads = side_by_side > 1 ? 1 : thread_count();
    const PartIdentity identity{canonical_settings(o.which, options, o.common.backend),
                                canonical_command(o.which, options, unit_threads, o.common.backend), unit_threads,
                                AGOP_VERSION};

    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return seconds_since(start); };
    const std::string label = "reproduce " + o.which + ": units";
    if (shard) {
        const std::vector<std::string> ids = shard_unit_ids(all_ids, costs, *shard);
        const UnitRuns runs =
            run_unit_tasks(tasks_longest_first(experiments, ids, estimated), side_by_side, label, options.quiet);
        write_part(run.staging(), *shard, ids, runs.results, identity,
                   PartTimes{elapsed(), cpu_seconds_used(false), runs.times, estimated});
        run.commit();
        if (!o.common.quiet)
            std::cout << "wrote part " << shard->index << "/" << shard->count << " (" << ids.size() << " of "
                      << all_ids.size() << " units) to " << run.final_path("part.json").string() << "\n";
        return;
    }
    std::map<std::string, UnitResult> units;
    double seconds = 0.0;
    if (!o.merge.empty()) {
        MergedParts merged = read_parts(parts, all_ids, identity);
        units = std::move(merged.units);
        seconds = merged.seconds;  // the parts' wall times added up
    } else {
        units = run_unit_tasks(tasks_longest_first(experiments, all_ids, estimated), side_by_side, label, options.quiet)
                    .results;
        seconds = elapsed();
    }
    set_threads(unit_threads);
    const std::vector<ExperimentResult> results = assemble_all(experiments, units);
    write_report(run.staging(), results, RunRecord{identity.command, options, unit_threads, seconds});
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
                    "i/n: run only part i of n of the experiment units, split longest first by their estimated "
                    "cost, and write them with part.json to --out, for --merge");
    cmd->add_option("--merge", o->merge,
                    "Part folders of --shard runs: take WHICH and the settings from them, check they agree and hold "
                    "every unit once, then write the report to --out as an unsharded run would")
        ->expected(1, -1);
    cmd->add_option("--side-by-side", o->side_by_side,
                    "auto: when WHICH has more units than --threads, run --threads units at once, each on one "
                    "thread (the results of --threads 1, sooner); off: one unit at a time on every thread")
        ->capture_default_str();
    cmd->callback([o, cmd] {
        for (const auto& [option, field] : defining_options)
            if (cmd->get_option(option)->count() > 0) o->given.insert(option);
        if (cmd->get_option("--threads")->count() > 0) o->given.insert("--threads");
        run_reproduce(*o);
    });
}

}  // namespace agop::cli
