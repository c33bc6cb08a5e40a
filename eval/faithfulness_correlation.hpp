#pragma once
// Faithfulness correlation (Bhatt, Weller & Moura 2020, "Evaluating and aggregating
// feature-based model explanations", IJCAI; Quantus's FaithfulnessCorrelation):
//
//   μ_F(f, g, x) = corr_{S ⊂ groups, |S| = s} ( Σ_{j ∈ S} g(x)_j ,  f(x) − f(x_{S ← b}) )
//
// the Pearson correlation, over `subsets` random subsets S of s groups (uniform without
// replacement), between the attribution the subset holds and the drop of the explained output
// when the subset is replaced by the baseline b. In [−1, 1], higher is more faithful; 0 when
// either series is constant. Quantus draws 100 subsets of 224 pixels; here s defaults to a
// quarter of the groups (a parameter), as tabular rows have tens of features, not thousands.
// For a linear model f(x) = w·x + c and g = w ⊙ (x − b) both series are equal: μ_F = 1.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "attribution/explained_model.hpp"
#include "eval/perturbation_groups.hpp"
#include "eval/summary.hpp"

namespace agop {

struct FaithfulnessCorrelationSettings {
    std::size_t subsets = 100;    // random subsets per sample
    std::size_t subset_size = 0;  // s (0: max(1, round(G / 4)))
    std::uint64_t seed = 0;       // sample i's subsets come from Rng::stream(seed, i)
};

// inputs, attributions (N, ...), targets (N), baseline (one sample or (N, ...)) -> μ_F per
// sample. The model runs N x subsets rows (and N), in batched pieces.
SampleMean faithfulness_correlation(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                                    const Tensor& attributions, const Tensor& baseline, const AttributionGroups& groups,
                                    const FaithfulnessCorrelationSettings& settings = {});

}  // namespace agop
