#pragma once
// The coalitions KernelSHAP evaluates, and their Shapley-kernel weights (Lundberg & Lee 2017):
//   π(z) ∝ (M - 1) / (C(M, |z|) |z| (M - |z|))  for 0 < |z| < M.
// The empty and the full coalition are not listed: the efficiency constraint carries them.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "autodiff/rng.hpp"

namespace agop {

struct Coalitions {
    std::size_t players = 0;            // M
    std::vector<std::uint8_t> members;  // (S, M) row-major: 1 where the player takes the input's value
    std::vector<double> weights;        // (S) kernel weights, summing to 1
    std::size_t count() const { return weights.size(); }
};

// All 2^M - 2 proper non-empty coalitions with their exact kernel weights (M <= 30).
Coalitions all_coalitions(std::size_t players);

// `budget` coalitions drawn as shap's KernelExplainer does: subset sizes are taken in
// pairs (s, M - s) from the smallest; a size pair whose share of the kernel weight covers
// all its coalitions is enumerated in full; the remaining sizes are sampled by their
// kernel weight, each drawn coalition together with its complement, repeated draws adding
// to the weight of the first; the sampled weights are rescaled to the kernel weight left
// over by the enumerated sizes.
Coalitions sampled_coalitions(std::size_t players, std::size_t budget, Rng& rng);

}  // namespace agop
