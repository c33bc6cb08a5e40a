#pragma once
// The image half of the finding of issue 21: on XAI-TRIS, the metrics without ground truth
// (eval/attribution_scorecard.hpp) scored beside the ground-truth ones, so that the report can
// say how well each ranks the image methods as the ground truth does.
//
// Per run (one model): the first `rows` scored images, each method's attribution as it returns it
// (signed, before the channel pooling the ground-truth metrics take), scored by every metric but
// randomisation (the sanity table's), the image cut into patch x patch groups, "removed" meaning
// set to the baseline (zeros, IG's baseline in Part A, or a blurred copy). The first rows only: the
// metrics run the model N x (S + 1) x 4 times and more, and a subsample keeps them a small share
// of a unit's time.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "attribution/explained_model.hpp"
#include "autodiff/tensor.hpp"

namespace agop {

struct ImageNoTruthSizes {
    std::size_t rows = 100;           // scored images per run; 0: the metrics are not computed
    std::size_t patch = 2;            // patch side in pixels: 2 x 2 on 8 x 8 images gives 16 groups
    std::string baseline = "zeros";   // "zeros" or "blur" (Gaussian, σ = 1 pixel)
    std::size_t stability_rows = 20;  // max-sensitivity and RIS on the first rows only
    std::size_t stability_draws = 5;  // perturbations per row for those two
};

// method -> metric -> mean over the scored rows.
using NoTruthValues = std::map<std::string, std::map<std::string, double>>;

// The metrics image_no_truth_values computes, in scorecard order (randomisation left out).
std::vector<std::string> image_no_truth_metrics();

// inputs (M, ...), targets (M) -> `method`'s attributions (M, ...): what the stability metrics re-run.
using MethodExplainer =
    std::function<Tensor(const std::string& method, const Tensor& inputs, const std::vector<int>& targets)>;

// inputs (N, C, H, W), targets (N), attributions[method] (N, C, H, W) -> every metric of every
// method on the first sizes.rows rows, the metrics' random draws from `seed` (the same draws for
// every method). Throws agop::Error for an unknown baseline or a patch of 0.
NoTruthValues image_no_truth_values(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                                    const std::map<std::string, Tensor>& attributions,
                                    const MethodExplainer& explain_method, const ImageNoTruthSizes& sizes,
                                    std::uint64_t seed);

}  // namespace agop
