#pragma once
// Prediction gap on important / unimportant features, PGI and PGU (Agarwal et al. 2022,
// "OpenXAI: towards a transparent evaluation of model explanations", NeurIPS Datasets and
// Benchmarks; openxai's eval_pred_faithfulness):
//
//   PGI(x) = E_ε | f(x) − f(x + ε ⊙ m_top) |      PGU(x) = E_ε | f(x) − f(x + ε ⊙ (1 − m_top)) |
//
// m_top marks the elements of the k groups of largest |group attribution| (OpenXAI ranks by
// magnitude; ties go to the lower index), ε ~ N(0, σ² Id) drawn `perturbations` times per
// sample (OpenXAI: σ = 0.1 on continuous features, 100 draws). Perturbing what the attribution
// calls important should move the output (PGI high), the rest should not (PGU low). For a
// linear model f(x) = w·x + c: PGI = E|ε_topᵀ w_top| = σ ‖w_top‖ √(2/π), and PGU = 0 when w
// vanishes off the top k.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "attribution/explained_model.hpp"
#include "eval/perturbation_groups.hpp"
#include "eval/summary.hpp"

namespace agop {

struct PredictionGapSettings {
    std::size_t top_k = 0;           // k groups (0: max(1, round(G / 4)))
    std::size_t perturbations = 50;  // Gaussian draws per sample
    double noise_std = 0.1;          // σ, in input units
    std::uint64_t seed = 0;          // sample i, draw s: Rng::stream(seed, i * perturbations + s)
};

struct PredictionGaps {
    SampleMean important;    // PGI per sample
    SampleMean unimportant;  // PGU per sample (the same draws, on the other elements)
};

// inputs, attributions (N, ...), targets (N) -> PGI and PGU per sample. The model runs
// N x 2 x perturbations rows (and N), in batched pieces.
PredictionGaps prediction_gaps(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                               const Tensor& attributions, const AttributionGroups& groups,
                               const PredictionGapSettings& settings = {});

}  // namespace agop
