#include "experiments/image_no_truth.hpp"

#include <algorithm>
#include <xtensor/xview.hpp>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/attribution_scorecard.hpp"
#include "eval/deletion_insertion.hpp"

namespace agop {

namespace {

Tensor first_rows(const Tensor& t, std::size_t rows) { return xt::view(t, xt::range(0, rows)); }

// One sample's shape of zeros, or each image blurred (σ = 1 pixel: an 8 x 8 image keeps its
// coarse shading and loses the 2 x 2 detail the patterns are made of).
Tensor image_baseline(const Tensor& inputs, const std::string& baseline) {
    if (baseline == "blur") return blurred_baseline(inputs, 1.0);
    if (baseline != "zeros") throw Error("image metrics baseline '" + baseline + "': expected zeros or blur");
    Shape sample(inputs.shape().begin() + 1, inputs.shape().end());
    Tensor zeros = Tensor::from_shape(sample);
    zeros.fill(0.0f);
    return zeros;
}

// The metrics' settings: every random draw from its own stream of `seed`, the stability
// metrics on the first rows with few draws (they re-run the method).
ScorecardSettings metric_settings(const ImageNoTruthSizes& sizes, std::uint64_t seed) {
    ScorecardSettings s;
    s.deletion.seed = Rng::stream(seed, 0).next_u64();
    s.faithfulness.seed = Rng::stream(seed, 1).next_u64();
    s.infidelity.seed = Rng::stream(seed, 2).next_u64();
    s.prediction_gap.seed = Rng::stream(seed, 3).next_u64();
    s.stability.seed = Rng::stream(seed, 4).next_u64();
    s.stability.perturbations = sizes.stability_draws;
    s.stability_rows = sizes.stability_rows;
    return s;
}

}  // namespace

std::vector<std::string> image_no_truth_metrics() {
    std::vector<std::string> metrics = scorecard_metrics();
    metrics.erase(std::find(metrics.begin(), metrics.end(), "randomisation"));
    return metrics;
}

NoTruthValues image_no_truth_values(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                                    const std::map<std::string, Tensor>& attributions,
                                    const MethodExplainer& explain_method, const ImageNoTruthSizes& sizes,
                                    std::uint64_t seed) {
    if (sizes.patch == 0) throw Error("image metrics: the patch side must be at least 1 pixel");
    const std::size_t rows = std::min(sizes.rows, inputs.shape()[0]);
    NoTruthValues out;
    if (rows == 0) return out;
    ScorecardInputs in;
    in.model = &model;
    in.inputs = first_rows(inputs, rows);
    in.targets.assign(targets.begin(), targets.begin() + rows);
    in.baseline = image_baseline(in.inputs, sizes.baseline);
    in.groups = patch_groups(Shape(inputs.shape().begin() + 1, inputs.shape().end()), sizes.patch);
    const ScorecardSettings settings = metric_settings(sizes, seed);
    for (const auto& [method, a] : attributions) {
        in.explain = [&, name = method](const Tensor& x, const std::vector<int>& t) {
            return explain_method(name, x, t);
        };
        for (const ScoredMetric& m : score_attributions(in, first_rows(a, rows), image_no_truth_metrics(), settings))
            if (m.name.find("-random") == std::string::npos) out[method][m.name] = m.values.mean;
    }
    return out;
}

}  // namespace agop
