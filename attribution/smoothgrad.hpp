#pragma once
// SmoothGrad (Smilkov et al. 2017): the vanilla gradient averaged over noisy copies,
//   a(x) = (1/n) Σ_k d f_c(x + ε_k) / dx,  ε_k ~ N(0, σ² I),  σ = level · (max(x) - min(x)),
// with max/min over the elements of the sample x (the paper's "noise level" of 10-20%).

#include <cstdint>

#include "attribution/explained_model.hpp"

namespace agop {

struct SmoothGradSettings {
    // Row i of the inputs is row first_row + i of the whole set (a shard's offset): its draws come
    // from Rng::stream(seed, first_row + i), as in a call on the whole set.
    std::uint64_t first_row = 0;
    double noise_level = 0.15;  // σ as a fraction of each sample's value range
    std::size_t samples = 50;   // noisy copies per input
    std::uint64_t seed = 0;     // sample i draws its noise from Rng::stream(seed, first_row + i) (fill_normal)
};

// inputs (N, ...), targets (N) -> (N, ...). The noisy copies of several samples share one
// forward/backward pass; the noise of a sample does not depend on how samples are batched.
Tensor smoothgrad(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                  const SmoothGradSettings& settings);

}  // namespace agop
