#pragma once
// Infidelity (Yeh, Hsieh, Suggala, Inouye & Ravikumar 2019, "On the (in)fidelity and
// sensitivity of explanations", NeurIPS; Captum's captum.metrics.infidelity):
//
//   INFD(g, f, x) = E_{I ~ N(0, σ² Id)} [ ( Iᵀ g(x) − ( f(x) − f(x − I) ) )² ]
//
// estimated with `perturbations` Gaussian draws per sample (on every element), f the
// explained output at the sample's target. Lower is more faithful; 0 is perfect. As in Captum
// with normalize=False (the attribution is not rescaled first). For a linear model
// f(x) = w·x + c the gradient g = w has INFD = 0 exactly, and g = w + e has
// E[INFD] = σ² ‖e‖².

#include <cstddef>
#include <cstdint>
#include <vector>

#include "attribution/explained_model.hpp"
#include "eval/summary.hpp"

namespace agop {

struct InfidelitySettings {
    std::size_t perturbations = 50;  // Gaussian draws per sample
    double noise_std = 0.1;          // σ, in input units
    std::uint64_t seed = 0;          // sample i, draw s: Rng::stream(seed, i * perturbations + s)
};

// inputs, attributions (N, ...), targets (N) -> INFD per sample. The model runs
// N x perturbations rows (and N), in batched pieces.
SampleMean infidelity(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                      const Tensor& attributions, const InfidelitySettings& settings = {});

}  // namespace agop
