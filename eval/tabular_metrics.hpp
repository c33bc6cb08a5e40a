#pragma once
// Per-sample metrics of a feature attribution against known ground truth (the synthetic
// tabular tasks), and their means over a batch.
//
// Per-sample functions take one attribution a (d); batch functions take (N, d) and a ground
// truth that is either (N, d) or one (d) row shared by all samples (for example the set of
// informative features). A mask marks members with non-zero entries (see map_values.hpp).

#include <cstddef>
#include <optional>

#include "autodiff/tensor.hpp"
#include "eval/summary.hpp"

namespace agop {

// Spearman rank correlation of a (d) and b (d): the Pearson correlation of their average
// ranks (ties share ranks). Defined as 0 when either input is constant (its ranks have no
// variance, so the correlation is 0/0). Throws on a length mismatch or d < 2.
double spearman(const Tensor& a, const Tensor& b);

// Share of the attribution on noise features: sum over noise of |a| / sum of |a|, in [0, 1].
// An all-zero attribution is read as the uniform map (share = noise count / d), so that a
// method that says nothing scores like a random one, not like a perfect one.
// a (d), noise_mask (d).
double noise_feature_mass(const Tensor& attribution, const Tensor& noise_mask);

// |top-k(|a|) ∩ G| / k with k = |G| unless given. Ties in |a| at the k-th place count by
// their expected share (random tie-breaking, ranking.hpp), so an all-zero attribution scores
// |G| / d, as a random one would. a (d), relevant_mask (d) marking G.
// Throws if G is empty, k = 0 or k > d.
double top_k_precision(const Tensor& attribution, const Tensor& relevant_mask, std::optional<std::size_t> k = {});

// Whether the Spearman correlation is taken on |a| vs |φ| (Part A default) or on signed values.
enum class SpearmanValues { absolute, signed_values };

// Spearman per sample of attributions (N, d) against ground truth (N, d) or (d), averaged.
SampleMean mean_spearman(const Tensor& attributions, const Tensor& ground_truth,
                         SpearmanValues values = SpearmanValues::absolute);
// noise_feature_mass per sample of (N, d), noise mask (N, d) or (d), averaged.
SampleMean mean_noise_feature_mass(const Tensor& attributions, const Tensor& noise_mask);
// top_k_precision per sample of (N, d), relevant mask (N, d) or (d), averaged.
SampleMean mean_top_k_precision(const Tensor& attributions, const Tensor& relevant_mask,
                                std::optional<std::size_t> k = {});

}  // namespace agop
