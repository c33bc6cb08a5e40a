#include "experiments/tabular_experiment.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <utility>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/attribution_scorecard.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/progress.hpp"
#include "experiments/result_json.hpp"
#include "experiments/tabular_checks.hpp"
#include "experiments/tabular_claims.hpp"
#include "experiments/tabular_task_run.hpp"

namespace agop {
namespace {

const std::vector<SyntheticTask> all_tasks{SyntheticTask::linear, SyntheticTask::sparse_nonlinear,
                                           SyntheticTask::interaction};

// The paper's numbers (papers.md §1.8) for a task and method, or "—".
std::string published(const std::string& task, const std::string& method) {
    if (task == "linear" && method == "lime") return "top-k 0.915";
    if (task == "linear" && method == "agop-ixg") return "top-k 0.895; 350–1,650x";
    if (task == "sparse_nonlinear" && method == "deepshap") return "Spearman 0.511, noise 0.409, top-k 0.515";
    if (task == "sparse_nonlinear" && method == "agop-ixg")
        return "Spearman 0.516, noise 0.244, top-k 0.514; 350–1,650x";
    if (method == "agop-ixg") return "leader; 350–1,650x";
    return "—";
}

// Per-seed values of one method on one task.
struct SeedValues {
    std::vector<double> spearman, noise_mass, top_k, ms, ms_with_agop, speed_up;
    std::size_t samples = 0;
};

// Mean ± 95% interval over seeds (one seed: no interval, see Cell::of_interval).
Cell interval(const std::vector<double>& values, int decimals = 3) {
    const MeanInterval m = mean_and_interval(values);
    return Cell::of_interval(m.mean, m.half_width, decimals);
}

struct TaskOutcome {
    std::map<std::string, SeedValues> per_method;
    std::vector<double> test_accuracy, agop_rank, agop_seconds;
};

// One unit's result (see seed_unit_result) added to its task's per-seed values.
void add_seed(TaskOutcome& outcome, const UnitResult& unit) {
    const double agop_seconds = unit.at("agop_seconds").get<double>();
    outcome.test_accuracy.push_back(unit.at("test_accuracy").get<double>());
    outcome.agop_rank.push_back(unit.at("agop_rank").get<double>());
    outcome.agop_seconds.push_back(agop_seconds);
    double deepshap_ms = 0.0;
    for (const UnitResult& scores : unit.at("methods"))
        if (scores.at("method") == "deepshap") deepshap_ms = scores.at("ms_per_sample").get<double>();
    for (const UnitResult& scores : unit.at("methods")) {
        const std::string method = scores.at("method").get<std::string>();
        const double ms = scores.at("ms_per_sample").get<double>();
        SeedValues& values = outcome.per_method[method];
        values.samples = scores.at("samples").get<std::size_t>();
        values.spearman.push_back(scores.at("spearman").get<double>());
        values.noise_mass.push_back(scores.at("noise_mass").get<double>());
        values.top_k.push_back(scores.at("top_k_precision").get<double>());
        values.ms.push_back(ms);
        const bool uses_agop = method.rfind("agop", 0) == 0;
        const double amortised = 1000.0 * agop_seconds / unit.at("explained_rows").get<double>();
        values.ms_with_agop.push_back(ms + (uses_agop ? amortised : 0.0));
        values.speed_up.push_back(deepshap_ms / std::max(ms, 1e-9));
    }
}

HeatmapGrid mean_attribution_grid(const std::string& task, const TabularTaskRun& run) {
    HeatmapGrid grid;
    grid.file = "tabular_" + task + "_mean_attribution.png";
    grid.title = task + ": mean |a| per feature (seed 0; features 0-" +
                 std::to_string(run.data.config.n_informative - 1) + " informative)";
    grid.column_titles = {"features 0.." + std::to_string(run.data.config.n_features - 1)};
    auto as_row = [](const Tensor& v) { return Tensor(xt::reshape_view(v, {std::size_t{1}, v.size()})); };
    grid.row_titles.push_back("|φ| ground truth");
    grid.panels.push_back({HeatmapPanel{as_row(run.mean_abs_ground_truth), false}});
    for (const TabularMethodScores& scores : run.methods) {
        grid.row_titles.push_back(scores.method);
        grid.panels.push_back({HeatmapPanel{as_row(scores.mean_abs_attribution), false}});
    }
    return grid;
}

void record_configuration(ExperimentResult& result, const TabularExperimentSizes& sizes, std::size_t seeds,
                          const ReproduceOptions& options) {
    auto& c = result.configuration;
    const SyntheticTabularConfig data;
    c["seeds"] = std::to_string(seeds) + " (repetition r uses Rng::stream(" + std::to_string(options.seed) + ", r))";
    c["data"] = "documented choice (Part A): d = " + std::to_string(data.n_features) + " features x ~ N(0, I), s = " +
                std::to_string(data.n_informative) + " informative, C = " + std::to_string(data.n_classes) +
                " classes, N = " + std::to_string(sizes.samples) + ", 80/20 split, y = argmax of class scores, no label noise";
    c["ground truth"] = "documented choice (Part A): exact Shapley values of the predicted class's generating score";
    c["model"] = "documented choice (Part A): MLP d -> 64 -> 64 -> C, ReLU, Adam lr 1e-3, batch " +
                 std::to_string(sizes.training.batch_size) + ", " + std::to_string(sizes.training.epochs) +
                 " epochs, early stopping on validation loss (patience " + std::to_string(sizes.training.patience) +
                 ", best weights kept), validation = 10% of the training rows";
    c["agop"] = "documented choice (Part A): post hoc on all training rows, full d x d, all C logits";
    c["agop-ixg K"] = "documented choice (Part A): smallest K holding 95% of trace(M)";
    c["targets"] = "documented choice (Part A): the trained model's predicted class";
    c["explained rows"] = "the first " + std::to_string(sizes.explained_samples) + " test rows";
    c["deepshap"] =
        "documented choice (Part A): " + std::to_string(sizes.methods.background_rows) + " background training rows";
    c["integrated-gradients"] = "documented choice (Part A): zero baseline, " + std::to_string(sizes.methods.ig_steps) +
                                " steps, " + integration_rule_word(sizes.methods.ig_rule) + " rule";
    c["lime"] = "documented choice (Part A): " + std::to_string(sizes.methods.lime_samples) +
                " samples, kernel width 0.75 sqrt(d), ridge alpha 1, no discretisation";
    c["kernelshap"] = "documented choice (Part A): 2d + 2048 coalitions, " +
                      std::to_string(sizes.methods.background_rows) + " background rows; on the first " +
                      std::to_string(sizes.kernelshap_samples) + " explained rows only (its cost)";
    c["metrics"] = "documented choice (Part A): Spearman on |a| vs |φ| per row, noise mass on |a| normalised to sum 1, "
                   "top-k with k = #informative (interaction: #interacting features)";
    c["timing"] = "wall time around each explain call / rows; AGOP computation shown separately and amortised";
    c["k sweep and sanity"] = sizes.k_sweep_and_sanity ? "seed 0, sanity on the first " +
                                                             std::to_string(sizes.sanity_samples) + " explained rows"
                                                       : "off";
}

// Everything the assembly needs from one task at one seed; repetition 0 also carries the
// figure of mean |a|, the K sweep and the randomisation check (they are drawn from seed 0).
UnitResult seed_unit_result(SyntheticTask task, std::size_t repetition, const TabularExperimentSizes& sizes,
                            const ReproduceOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const std::string name = synthetic_task_name(task);
    const std::uint64_t seed = Rng::stream(options.seed, repetition).next_u64();
    TabularTaskRun run = run_tabular_task(task, sizes, seed);
    UnitResult unit{{"test_accuracy", run.test_accuracy},
                    {"agop_rank", run.agop_rank},
                    {"agop_seconds", run.agop_seconds},
                    {"training_seconds", run.training_seconds},
                    {"explained_rows", run.explained_inputs.shape()[0]},
                    {"methods", UnitResult::array()}};
    for (const TabularMethodScores& scores : run.methods) {
        UnitResult no_truth = UnitResult::object();
        for (const auto& [metric, value] : scores.no_truth) no_truth[metric] = value;
        unit["methods"].push_back({{"method", scores.method},
                                   {"samples", scores.samples},
                                   {"spearman", scores.spearman},
                                   {"noise_mass", scores.noise_mass},
                                   {"top_k_precision", scores.top_k_precision},
                                   {"ms_per_sample", scores.ms_per_sample},
                                   {"no_truth", no_truth}});
    }
    if (repetition == 0) {
        unit["agop_rows"] = run.data.train_indices.size();
        unit["mean_attribution_grid"] = heatmap_grid_to_json(mean_attribution_grid(name, run));
        if (sizes.k_sweep_and_sanity) {
            auto stage = std::chrono::steady_clock::now();
            unit["k_sweep"] = UnitResult::array();
            for (const KSweepPoint& point : agop_rank_sweep(run))
                unit["k_sweep"].push_back({{"rank", point.rank},
                                           {"energy_share", point.energy_share},
                                           {"spearman", point.spearman},
                                           {"top_k_precision", point.top_k_precision}});
            unit["k_sweep_seconds"] = seconds_since(stage);
            stage = std::chrono::steady_clock::now();
            unit["sanity"] = UnitResult::array();
            for (const SanityScore& score : model_randomisation_check(run, sizes, seed))
                unit["sanity"].push_back({{"method", score.method},
                                          {"samples", score.samples},
                                          {"spearman_trained_vs_random", score.spearman_trained_vs_random}});
            unit["sanity_seconds"] = seconds_since(stage);
        }
    }
    unit["seconds"] = seconds_since(start);
    return unit;
}

std::string unit_id(SyntheticTask task, std::size_t repetition) {
    return "tabular/" + synthetic_task_name(task) + "/seed-" + std::to_string(repetition);
}

// Per seed, how each metric without ground truth ranks the methods against a ground-truth
// score: the Spearman correlation across methods of the metric (signed so that higher is
// better) with the ground-truth score. -> metric -> one value per seed.
std::map<std::string, std::vector<double>> agreement_over_seeds(const std::vector<const UnitResult*>& seeds,
                                                                const std::string& truth) {
    std::map<std::string, std::vector<double>> out;
    for (const UnitResult* unit : seeds) {
        std::map<std::string, std::vector<double>> by_metric;
        std::vector<double> truth_values;
        for (const UnitResult& scores : unit->at("methods")) {
            truth_values.push_back(scores.at(truth).get<double>());
            for (const auto& [metric, value] : scores.at("no_truth").items())
                by_metric[metric].push_back(value.get<double>());
        }
        for (const auto& [metric, values] : by_metric)
            if (values.size() == truth_values.size() && values.size() >= 2)
                out[metric].push_back(rank_agreement(metric, values, truth_values));
    }
    return out;
}

// The table of the new finding: per task and metric, the agreement with the Spearman and
// the top-k precision against the exact Shapley values, mean ± 95% interval over seeds.
Table no_truth_agreement_table(const std::map<std::string, UnitResult>& units, std::size_t seeds,
                               const TabularExperimentSizes& sizes) {
    Table table{
        "tabular_no_truth_agreement",
        "Metrics without ground truth vs the ground truth: rank agreement across methods (mean ± 95% interval "
        "over " +
            std::to_string(seeds) + " seeds)",
        {"task", "metric", "better", "ρ with Spearman-to-φ", "ρ with top-k precision"},
        {},
        {"For each seed, the " + std::to_string(tabular_methods().size()) +
             " methods (random included) are "
             "scored by each metric on the first " +
             std::to_string(sizes.no_truth_samples) +
             " explained rows (KernelSHAP: its rows; "
             "max-sensitivity and RIS on " +
             std::to_string(sizes.stability_samples) +
             " rows, 5 draws, radius 0.1), "
             "baseline the training mean; ρ is the Spearman correlation across methods between the metric (signed "
             "so that higher is better) and the ground-truth score. ρ = 1: the metric ranks the methods as the "
             "exact Shapley values do; 0: unrelated; −1: reversed.",
         "Deletion-random and insertion-random are the random-order reference (the same for every method up to "
         "KernelSHAP's fewer rows), listed as a control."}};
    for (SyntheticTask task : all_tasks) {
        std::vector<const UnitResult*> per_seed;
        for (std::size_t r = 0; r < seeds; ++r) per_seed.push_back(&units.at(unit_id(task, r)));
        const auto with_spearman = agreement_over_seeds(per_seed, "spearman");
        const auto with_top_k = agreement_over_seeds(per_seed, "top_k_precision");
        for (const auto& [metric, values] : with_spearman)
            table.add_row({Cell::of_text(synthetic_task_name(task)), Cell::of_text(metric),
                           Cell::of_text(higher_is_better(metric) ? "higher" : "lower"), interval(values),
                           interval(with_top_k.at(metric))});
    }
    return table;
}

Table part1_table(std::size_t seeds) {
    return Table{
        "tabular_part1",
        "AGOP-IxG Part 1: synthetic tasks (mean ± 95% interval over " + std::to_string(seeds) + " seeds)",
        {"task", "method", "rows", "Spearman", "noise mass", "top-k precision", "ms/sample", "ms/sample incl. AGOP",
         "speed-up vs DeepSHAP", "published"},
        {},
        {"Spearman on |a| vs |φ| of the predicted class, per row, averaged; noise mass: share of |a| on the 14 "
         "noise features (lower is better); top-k precision with k = 6 informative features (interaction: "
         "the 4 interacting features).",
         "KernelSHAP explains only the first rows (column rows), for its cost; agop-filtered-grad is the "
         "ablation without ⊙ x; random is the reference.",
         "ms/sample incl. AGOP adds the post-hoc AGOP computation spread over the explained rows.",
         "Published: papers.md §1.8 (only these cells are available)."}};
}

// What only seed 0 adds: the K sweep (table and chart) and the model randomisation check.
struct SeedZeroTables {
    Table k_sweep{"tabular_k_sweep", "AGOP-IxG across the truncation rank K (seed 0)",
                  {"task", "K", "trace share", "Spearman", "top-k precision"}, {},
                  {"Part A's default K is the smallest K holding 95% of trace(M); the paper does not show this sweep."}};
    Table sanity{"tabular_sanity", "Model randomisation check (seed 0)",
                 {"task", "method", "rows", "Spearman(trained, random model)"}, {},
                 {"Spearman between |a| of the trained model and of a freshly initialised one on the same rows and "
                  "targets: high means the attribution barely depends on the model (it fails the check)."}};
    LineChart k_chart{"tabular_k_sweep.png", "AGOP-IxG vs truncation rank K (seed 0)", "K", "score", {}};
};

// Seed 0's K sweep and randomisation check of one task, their seconds added to `result`.
void add_seed_zero_rows(const std::string& name, const UnitResult& unit, SeedZeroTables& tables,
                        ExperimentResult& result) {
    Series spearman_series{name + " Spearman", {}, {}}, top_k_series{name + " top-k", {}, {}};
    for (const UnitResult& point : unit.at("k_sweep")) {
        const double rank = point.at("rank").get<double>();
        tables.k_sweep.add_row({Cell::of_text(name), Cell::of_number(rank, 0),
                                Cell::of_number(point.at("energy_share").get<double>()),
                                Cell::of_number(point.at("spearman").get<double>()),
                                Cell::of_number(point.at("top_k_precision").get<double>())});
        spearman_series.x.push_back(rank);
        spearman_series.y.push_back(point.at("spearman").get<double>());
        top_k_series.x.push_back(rank);
        top_k_series.y.push_back(point.at("top_k_precision").get<double>());
    }
    tables.k_chart.series.push_back(spearman_series);
    tables.k_chart.series.push_back(top_k_series);
    result.seconds["tabular: K sweep"] += unit.at("k_sweep_seconds").get<double>();
    for (const UnitResult& score : unit.at("sanity"))
        tables.sanity.add_row({Cell::of_text(name), Cell::of_text(score.at("method").get<std::string>()),
                               Cell::of_number(score.at("samples").get<double>(), 0),
                               Cell::of_number(score.at("spearman_trained_vs_random").get<double>())});
    result.seconds["tabular: sanity"] += unit.at("sanity_seconds").get<double>();
}

// One seed's stage seconds of one task, added to `result`.
void add_unit_seconds(const UnitResult& unit, ExperimentResult& result) {
    result.seconds["tabular: training"] += unit.at("training_seconds").get<double>();
    result.seconds["tabular: AGOP"] += unit.at("agop_seconds").get<double>();
    result.seconds["tabular: total"] += unit.at("seconds").get<double>();
    for (const UnitResult& scores : unit.at("methods"))
        result.seconds["tabular: explain " + scores.at("method").get<std::string>()] +=
            scores.at("ms_per_sample").get<double>() * scores.at("samples").get<double>() / 1000.0;
}

// One task's rows of Part 1 (a row per method) and its note, its summary into `summary`.
void add_part1_task(const std::string& name, const TaskOutcome& outcome, const ReproduceOptions& options, Table& part1,
                    TabularSummary& summary) {
    for (const std::string& method : tabular_methods()) {
        const SeedValues& v = outcome.per_method.at(method);
        summary[name][method] = {mean_and_interval(v.spearman),     mean_and_interval(v.noise_mass),
                                 mean_and_interval(v.top_k),        mean_and_interval(v.ms),
                                 mean_and_interval(v.ms_with_agop), mean_and_interval(v.speed_up)};
        const TabularMethodSummary& m = summary[name][method];
        part1.add_row({Cell::of_text(name), Cell::of_text(method), Cell::of_number(double(v.samples), 0),
                       interval(v.spearman), interval(v.noise_mass), interval(v.top_k),
                       timing_cell(options, m.ms_per_sample.mean, m.ms_per_sample.half_width, 4),
                       timing_cell(options, m.ms_with_agop.mean, m.ms_with_agop.half_width, 4),
                       timing_cell(options, m.speed_up.mean, m.speed_up.half_width, 1),
                       Cell::of_text(published(name, method))});
    }
    const MeanInterval accuracy = mean_and_interval(outcome.test_accuracy);
    const MeanInterval rank = mean_and_interval(outcome.agop_rank);
    const MeanInterval agop_seconds = mean_and_interval(outcome.agop_seconds);
    part1.notes.push_back(
        name + ": model test accuracy " + Cell::of_interval(accuracy.mean, accuracy.half_width).formatted() +
        ", AGOP-IxG K (95% of trace) " + Cell::of_interval(rank.mean, rank.half_width, 1).formatted() +
        ", AGOP computation " +
        (options.timings ? Cell::of_interval(agop_seconds.mean, agop_seconds.half_width, 4).formatted() + " s"
                         : std::string(not_measured_text)) +
        " on the training rows.");
}

ExperimentResult assemble_tabular(const std::map<std::string, UnitResult>& units, const TabularExperimentSizes& sizes,
                                  std::size_t seeds, const ReproduceOptions& options) {
    ExperimentResult result;
    result.name = "tabular";
    record_configuration(result, sizes, seeds, options);
    Table part1 = part1_table(seeds);
    SeedZeroTables seed_zero;
    TabularSummary summary;
    for (SyntheticTask task : all_tasks) {
        const std::string name = synthetic_task_name(task);
        TaskOutcome outcome;
        for (std::size_t r = 0; r < seeds; ++r) {
            const UnitResult& unit = units.at(unit_id(task, r));
            add_seed(outcome, unit);
            add_unit_seconds(unit, result);
            if (r != 0) continue;
            result.configuration["agop rows (" + name + ")"] =
                std::to_string(unit.at("agop_rows").get<std::size_t>()) + " training rows behind M (each seed)";
            result.heatmaps.push_back(heatmap_grid_from_json(unit.at("mean_attribution_grid"), unit_id(task, r)));
            if (sizes.k_sweep_and_sanity) add_seed_zero_rows(name, unit, seed_zero, result);
        }
        add_part1_task(name, outcome, options, part1, summary);
    }

    result.tables.push_back(std::move(part1));
    if (sizes.k_sweep_and_sanity) {
        result.tables.push_back(std::move(seed_zero.k_sweep));
        result.tables.push_back(std::move(seed_zero.sanity));
        result.charts.push_back(std::move(seed_zero.k_chart));
    }
    result.tables.push_back(no_truth_agreement_table(units, seeds, sizes));
    result.claims = tabular_claims(summary, options.timings);
    return result;
}

}  // namespace

ExperimentUnits tabular_experiment_units(const ReproduceOptions& options) {
    return tabular_experiment_units(options, tabular_sizes_for<TabularExperimentSizes>(options));
}

ExperimentUnits tabular_experiment_units(const ReproduceOptions& options, const TabularExperimentSizes& sizes) {
    const std::size_t seeds = std::max<std::size_t>(
        1, sizes.max_seeds ? std::min(options.seeds, sizes.max_seeds) : options.seeds);
    auto runs = std::make_shared<std::map<std::string, std::pair<SyntheticTask, std::size_t>>>();
    ExperimentUnits units;
    units.experiment = "tabular";
    for (SyntheticTask task : all_tasks)
        for (std::size_t r = 0; r < seeds; ++r) {
            units.unit_ids.push_back(unit_id(task, r));
            (*runs)[units.unit_ids.back()] = {task, r};
        }
    units.run_unit = [runs, sizes, options](const std::string& id) {
        const auto found = runs->find(id);
        if (found == runs->end()) throw Error("tabular: no unit " + id + " (expected tabular/<task>/seed-<r>)");
        return seed_unit_result(found->second.first, found->second.second, sizes, options);
    };
    units.assemble = [sizes, seeds, options](const std::map<std::string, UnitResult>& results) {
        return assemble_tabular(results, sizes, seeds, options);
    };
    return units;
}

ExperimentResult run_tabular_experiment(const ReproduceOptions& options, const TabularExperimentSizes& sizes) {
    return run_every_unit(tabular_experiment_units(options, sizes), options.quiet);
}

}  // namespace agop
