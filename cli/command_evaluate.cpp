#include "cli/command_evaluate.hpp"

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "autodiff/error.hpp"
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
};

const char* kMetrics =
    "spearman, noise-mass, top-k (tabular: ground truth (N, d), or (N, C, d) with --targets; noise-mass and top-k "
    "take a (d) or (N, d) mask), miou, pointing-game, relevance-mass, rank-accuracy, precision, emd (images: masks "
    "(N, 1, H, W) or (N, H, W))";

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
    if (o.attributions.empty() || o.ground_truth.empty())
        throw Error("agop evaluate: --attributions and --ground-truth are required");
    // --out is optional here (the score is printed); when given it is checked before any work.
    std::unique_ptr<RunDirectory> run;
    if (!o.common.out.empty())
        run = std::make_unique<RunDirectory>(o.common.out, o.common.force,
                                             std::vector<std::string>{o.attributions, o.ground_truth, o.targets}, "evaluate");
    const Tensor a = read_npy_tensor(o.attributions);
    const Tensor truth = read_npy_tensor(o.ground_truth);
    const SampleMean result = score(o, a, truth);
    const MeanInterval interval = mean_and_interval(result.per_sample);
    if (!o.common.quiet)
        std::cout << o.metric << ": " << interval.mean << " ± " << interval.half_width << " (95% interval over "
                  << interval.n << " samples)\n";
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
    cmd->callback([o] { run_evaluate(*o); });
}

}  // namespace agop::cli
