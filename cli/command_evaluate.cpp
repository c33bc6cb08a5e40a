#include "cli/command_evaluate.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "autodiff/error.hpp"
#include "cli/command_compare_setup.hpp"
#include "cli/common_options.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "data/atomic_file.hpp"
#include "data/npy.hpp"
#include "eval/channel_pooling.hpp"
#include "eval/earth_movers_distance.hpp"
#include "eval/iou.hpp"
#include "eval/localisation_metrics.hpp"
#include "eval/summary.hpp"
#include "eval/tabular_metrics.hpp"
#include "nn/labelled_data.hpp"

namespace agop::cli {

namespace {

struct EvaluateOptions {
    CommonOptions common;
    std::string attributions, ground_truth, targets, metric = "spearman";
    CompareOptions model;  // the metrics without ground truth: --checkpoint, --csv | --inputs, --method
    std::string method;
};

const char* kMetrics =
    "spearman, noise-mass, top-k (tabular: ground truth (N, d), or (N, C, d) with --targets; noise-mass and top-k "
    "take a (d) or (N, d) mask), miou, pointing-game, relevance-mass, rank-accuracy, precision, emd (images: masks "
    "(N, 1, H, W) or (N, H, W)); without ground truth, with --checkpoint and --csv or --inputs: deletion, insertion, "
    "faithfulness-correlation, infidelity, pgi, pgu, sparseness, complexity, and with --method max-sensitivity, ris, "
    "randomisation";

bool without_ground_truth(const std::string& metric) {
    const auto& names = scorecard_metrics();
    return std::find(names.begin(), names.end(), metric) != names.end();
}

// The attributions of every row of --csv / --inputs, scored by a metric without ground truth
// (the setup `agop compare` uses, on all rows in file order).
std::vector<ScoredMetric> score_without_ground_truth(const EvaluateOptions& o, const Tensor& a) {
    apply_runtime_options(o.common);
    CompareOptions options = o.model;
    options.common = o.common;
    options.rows = static_cast<std::size_t>(-1);
    options.stability_rows = static_cast<std::size_t>(-1);
    CompareSetup c = prepare_compare(options);
    if (shape_of(a) != shape_of(c.inputs))
        throw Error("--attributions " + o.attributions + ": " + shape_string(a) + " does not match the " +
                    shape_string(c.inputs) + " rows read");
    ScorecardInputs in = c.scorecard;
    if (!o.method.empty()) {
        find_method(o.method);
        in.explain = [&](const Tensor& x, const std::vector<int>& t) {
            return explain(o.method, c.explained, x, Targets::classes(t), c.settings);
        };
        if (o.metric == "randomisation")
            in.randomised_attributions =
                explain(o.method, c.randomised_explained, c.inputs, Targets::classes(c.targets), c.randomised_settings);
    }
    return score_attributions(in, a, {o.metric}, c.scorecard_settings);
}

// (N, C, d) ground truth of every class -> (N, d) of each sample's target class.
Tensor select_target_class(const Tensor& truth, const std::vector<int>& targets, const std::string& path) {
    const std::size_t n = truth.shape()[0], classes = truth.shape()[1], d = truth.shape()[2];
    if (targets.size() != n) throw Error("--targets: " + std::to_string(targets.size()) + " classes for " + std::to_string(n) + " samples in " + path);
    Tensor out = Tensor::from_shape({n, d});
    for (std::size_t i = 0; i < n; ++i) {
        if (targets[i] < 0 || static_cast<std::size_t>(targets[i]) >= classes)
            throw Error("--targets: class " + std::to_string(targets[i]) + " of sample " + std::to_string(i) + " is outside [0, " + std::to_string(classes) + ")");
        std::copy_n(truth.data() + (i * classes + targets[i]) * d, d, out.data() + i * d);
    }
    return out;
}

// (N, C, H, W) or (N, H, W) -> (N, H, W) by the default channel pooling (sum of |a|).
Tensor as_maps(const Tensor& t) { return t.dimension() == 4 ? pool_channels(t) : t; }

SampleMean score(const EvaluateOptions& o, const Tensor& a, Tensor truth) {
    const std::string& m = o.metric;
    if (m == "spearman") {
        if (truth.dimension() == 3) {
            if (o.targets.empty()) throw Error("--metric spearman: ground truth " + shape_string(truth) + " holds every class; give --targets");
            truth = select_target_class(truth, read_npy_labels(o.targets), o.ground_truth);
        }
        return mean_spearman(a, truth);
    }
    if (m == "noise-mass") return mean_noise_feature_mass(a, truth);
    if (m == "top-k") return mean_top_k_precision(a, truth);
    if (m == "miou") return miou(as_maps(a), as_maps(truth));
    if (m == "pointing-game") return mean_pointing_game(as_maps(a), as_maps(truth));
    if (m == "relevance-mass") return mean_relevance_mass_accuracy(as_maps(a), as_maps(truth));
    if (m == "rank-accuracy") return mean_relevance_rank_accuracy(as_maps(a), as_maps(truth));
    if (m == "precision") return mean_importance_precision(as_maps(a), as_maps(truth));
    if (m == "emd") return mean_emd_score(as_maps(a), as_maps(truth));
    throw Error("--metric " + m + ": unknown; expected " + kMetrics);
}

void run_evaluate(const EvaluateOptions& o) {
    const bool no_truth = without_ground_truth(o.metric);
    if (o.attributions.empty() || (o.ground_truth.empty() && !no_truth))
        throw Error(
            "agop evaluate: --attributions and --ground-truth are required (or --checkpoint with --csv or "
            "--inputs for a metric without ground truth)");
    // --out is optional here (the score is printed); when given it is checked before any work.
    std::unique_ptr<RunDirectory> run;
    if (!o.common.out.empty())
        run = std::make_unique<RunDirectory>(
            o.common.out, o.common.force,
            std::vector<std::string>{o.attributions, o.ground_truth, o.targets, o.model.explain.checkpoint,
                                     o.model.explain.csv, o.model.explain.inputs},
            "evaluate");
    const Tensor a = read_npy_tensor(o.attributions);
    SampleMean result;
    std::vector<ScoredMetric> extra;  // deletion/insertion's random-order reference
    if (no_truth) {
        std::vector<ScoredMetric> scored = score_without_ground_truth(o, a);
        result = scored.front().values;
        extra.assign(scored.begin() + 1, scored.end());
    } else {
        result = score(o, a, read_npy_tensor(o.ground_truth));
    }
    const MeanInterval interval = mean_and_interval(result.per_sample);
    if (!o.common.quiet)
        std::cout << o.metric << ": " << interval.mean << " ± " << interval.half_width << " (95% interval over "
                  << interval.n << " samples)\n";
    for (const ScoredMetric& m : extra) {
        const MeanInterval reference = mean_and_interval(m.values.per_sample);
        if (!o.common.quiet)
            std::cout << m.name << " (random order): " << reference.mean << " ± " << reference.half_width << "\n";
    }
    if (!run) return;
    nlohmann::json report{{"metric", o.metric},
                          {"attributions", o.attributions},
                          {"ground_truth", o.ground_truth},
                          {"mean", interval.mean},
                          {"half_width_95", interval.half_width},
                          {"samples", interval.n},
                          {"per_sample", result.per_sample}};
    write_text_file_atomically(run->staging() / ("evaluation_" + o.metric + ".json"), report.dump(2) + "\n");
    run->commit();
}

}  // namespace

void add_evaluate_command(CLI::App& app) {
    auto o = std::make_shared<EvaluateOptions>();
    CLI::App* cmd = app.add_subcommand("evaluate", "Score attributions against ground truth");
    add_common_options(cmd, o->common, "");
    cmd->add_option("--attributions", o->attributions, "Attributions (.npy) from agop explain")->check(existing_file());
    cmd->add_option("--ground-truth", o->ground_truth, "Ground truth (.npy): Shapley values, masks")->check(existing_file());
    cmd->add_option("--targets", o->targets, "Class per sample (.npy) to pick from (N, C, d) ground truth")
        ->check(existing_file());
    cmd->add_option("--metric", o->metric, std::string("One of: ") + kMetrics)->capture_default_str();
    cmd->add_option("--checkpoint", o->model.explain.checkpoint,
                    "Model the attributions explain (metrics without ground truth)")
        ->check(existing_file());
    cmd->add_option("--csv", o->model.explain.csv, "Its raw rows (tabular checkpoints)")->check(existing_file());
    cmd->add_option("--inputs", o->model.explain.inputs, "Its encoded rows (.npy) or a PNG folder");
    cmd->add_option("--method", o->method,
                    "The method that made the attributions (max-sensitivity, ris, randomisation re-run it)");
    cmd->add_option("--baseline", o->model.baseline, "auto | zeros | mean | blur (as agop compare)")
        ->capture_default_str();
    cmd->add_option("--model-output", o->model.model_output, "The output the attributions explain: logit | probability")
        ->capture_default_str();
    cmd->add_option("--background", o->model.explain.background,
                    "Training rows (.npy) for --method deepshap/kernelshap")
        ->check(existing_file());
    cmd->callback([o] { run_evaluate(*o); });
}

}  // namespace agop::cli
