#pragma once
// How much an explanation moves when the input barely does. Both metrics re-run the method on
// `perturbations` copies of each sample drawn uniformly from the L∞ ball of radius r around it,
// y = x + u, u_j ~ U[−r, r] (Quantus's uniform noise; Yeh et al.'s neighbourhood), for the same
// target, and take the largest value over the draws:
//
// Max-sensitivity (Yeh, Hsieh, Suggala, Inouye & Ravikumar 2019, NeurIPS; Quantus
// MaxSensitivity):   SENS_max(x) = max_y ‖g(y) − g(x)‖₂
//
// Relative input stability (Agarwal et al. 2022, "Rethinking stability for attribution-based
// explanations"; OpenXAI's RIS):
//   RIS(x) = max_y  ‖ (g(x) − g(y)) / g(x) ‖₂ / max( ‖ (x − y) / x ‖₂ , ε_min )
// with element-wise divisions whose zero denominators are replaced by ε_min (OpenXAI's
// convention), over the draws y whose predicted class is x's (OpenXAI keeps only those; a
// sample with none scores 0).
// Lower is more stable for both. The method runs once on N x perturbations rows, so both
// metrics come from the same explanations. For a linear model the gradient g(x) = w does not
// move: both are 0; for g(x) = x ⊙ w, SENS_max = max_y ‖u ⊙ w‖₂.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "attribution/explained_model.hpp"
#include "eval/summary.hpp"

namespace agop {

// inputs (M, ...), targets (M) -> attributions (M, ...): the method under test.
using ExplainFunction = std::function<Tensor(const Tensor& inputs, const std::vector<int>& targets)>;

struct StabilitySettings {
    std::size_t perturbations = 10;  // draws per sample (Quantus: 200; a parameter for speed)
    double radius = 0.1;             // r, in input units
    double min_denominator = 1e-6;   // ε_min
    std::uint64_t seed = 0;          // sample i, draw s: Rng::stream(seed, i * perturbations + s)
};

struct StabilityScores {
    SampleMean max_sensitivity;
    SampleMean relative_input_stability;
};

// inputs, attributions (N, ...) of `explain` at targets (N) -> both metrics per sample.
// `model` gives the predicted classes of the draws (RIS's same-prediction filter).
StabilityScores explanation_stability(const ExplainedModel& model, const ExplainFunction& explain, const Tensor& inputs,
                                      const std::vector<int>& targets, const Tensor& attributions,
                                      const StabilitySettings& settings = {});

}  // namespace agop
