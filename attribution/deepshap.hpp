#pragma once
// DeepSHAP as shap's DeepExplainer computes it: DeepLIFT's rescale multipliers m(x, b)
// (deeplift_rules.hpp) of the target logit for every pair of an input x and a background
// row b, averaged over the background:
//   a(x) = (1/B) Σ_b m(x, b) ⊙ (x - b)
// Summation to delta: Σ a(x) = f_c(x) - (1/B) Σ_b f_c(b).

#include "attribution/explained_model.hpp"

namespace agop {

struct DeepShapSettings {
    // Background rows (B, ...) with the inputs' per-sample shape; papers.md uses 100
    // training rows (sample_background in baseline.hpp draws them).
    Tensor background = Tensor::from_shape({0});
};

// inputs (N, ...), targets (N) -> (N, ...). Like shap, inputs and background go through
// the model as one concatenated batch: for a group of samples, rows [0, P) repeat each
// sample B times and rows [P, 2P) tile the background (P = samples x B), and one backward
// sweep gives the multipliers of every (x, b) pair. A pass holds as many samples as fit in
// model.max_batch_rows, and at least one (2B rows).
Tensor deepshap(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                const DeepShapSettings& settings);

}  // namespace agop
