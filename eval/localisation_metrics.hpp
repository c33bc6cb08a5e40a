#pragma once
// How well an image attribution map points at the ground-truth pixels G.
//
// Per-sample functions take a map (H, W) (channels already pooled, see channel_pooling.hpp)
// and a mask (H, W) whose non-zero pixels are G; all of them use |map| and require G to be
// non-empty. Batch functions take maps (N, H, W) and masks (N, H, W) or one shared (H, W).

#include "autodiff/tensor.hpp"
#include "eval/summary.hpp"

namespace agop {

// Pointing game (Zhang et al. 2016, without the 15-pixel tolerance): 1 if a pixel of
// maximal |map| lies in G, else 0. Ties count as a hit if any maximal pixel is in G (as
// Quantus does), so an all-zero map is a hit.
double pointing_game(const Tensor& map, const Tensor& mask);

// Relevance mass accuracy (CLEVR-XAI `calc_overlap`): sum over G of |map| / sum of |map|.
// An all-zero map reads as the uniform map (|G| / pixels) where the reference gives 0/0.
double relevance_mass_accuracy(const Tensor& map, const Tensor& mask);

// Relevance rank accuracy (CLEVR-XAI): |top-K(|map|) ∩ G| / K with K = |G|; ties in |map|
// at the K-th place count by their expected share (ranking.hpp), so a constant map (Grad-CAM
// on CNN8by8, whose last conv layer is 1x1) scores |G| / P, not whatever index order favours.
double relevance_rank_accuracy(const Tensor& map, const Tensor& mask);

// XAI-TRIS importance precision (eval_utils.py `precision`): among pixels with non-zero
// map, take the n = |G| of largest |map| (all of them if fewer than n), and return
// |selected ∩ G| / n. Ties go to the lower index (the reference's argpartition leaves them
// unspecified). An all-zero map scores 0 (the reference raises and skips the sample).
double importance_precision(const Tensor& map, const Tensor& mask);

SampleMean mean_pointing_game(const Tensor& maps, const Tensor& masks);
SampleMean mean_relevance_mass_accuracy(const Tensor& maps, const Tensor& masks);
SampleMean mean_relevance_rank_accuracy(const Tensor& maps, const Tensor& masks);
SampleMean mean_importance_precision(const Tensor& maps, const Tensor& masks);

}  // namespace agop
