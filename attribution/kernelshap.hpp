#pragma once
// KernelSHAP (Lundberg & Lee 2017) as shap's KernelExplainer: Shapley values of the
// target logit under interventional background data,
//   v(S) = (1/B) Σ_b f_c(x_S, b_{not S}),
// estimated by a Shapley-kernel weighted least-squares fit over coalitions S with the
// efficiency constraint Σ φ = v(all) - v(none) = f_c(x) - (1/B) Σ_b f_c(b).
// With every coalition enumerated the fit gives the exact Shapley values.

#include <cstdint>

#include "attribution/explained_model.hpp"

namespace agop {

struct KernelShapSettings {
    // Background rows (B, ...) shaped like the inputs' samples (papers.md: 100 training rows).
    Tensor background = Tensor::from_shape({0});
    // Coalitions per sample; 0 means shap's "auto", 2M + 2048 for M players.
    std::size_t budget = 0;
    // Enumerate all 2^M - 2 coalitions (exact Shapley values) when M <= this.
    std::size_t exact_max_players = 12;
    // Player of each column (one per element of a sample); empty: each column is a player.
    // A group's value is spread evenly over its columns, so sum_per_group recovers it.
    std::vector<std::size_t> groups;
    // Sample i draws its coalitions from Rng::stream(seed, first_row + i).
    std::uint64_t seed = 0;
    std::uint64_t first_row = 0;  // the inputs' first row in the whole set (a shard's offset)
};

// inputs (N, ...), targets (N) -> (N, ...). The rows (coalition x background row) of
// several samples go through the model together, model.max_batch_rows per forward pass; or,
// where the model gives its dense_layers and the CPU runs AVX-512, each coalition's rows
// through DenseForward (attribution/kernelshap_dense_forward.hpp), the same values within
// float rounding.
Tensor kernelshap(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                  const KernelShapSettings& settings);

}  // namespace agop
