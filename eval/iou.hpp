#pragma once
// Intersection over union of a binarised attribution map with the ground-truth mask, and
// its mean over samples (mIoU). The binarisation rule is a choice the papers leave open
// (docs/papers.md §6); every rule reads |map|.

#include <vector>

#include "autodiff/tensor.hpp"
#include "eval/summary.hpp"

namespace agop {

enum class BinarisationRule {
    top_ground_truth_size,  // the |G| largest pixels; then IoU = r / (2 − r), r the rank accuracy
    top_fraction,           // the ⌈q·P⌉ largest of P pixels, q = parameter in (0, 1]
    fraction_of_max,        // pixels with |a| >= τ · max|a|, τ = parameter in (0, 1]
    otsu,                   // pixels at or above Otsu's threshold (otsu_threshold below)
};

// A rule and its parameter (q or τ; unused by the other rules).
struct Binarisation {
    BinarisationRule rule = BinarisationRule::top_ground_truth_size;
    double parameter = 0.0;
};

// The selected pixels of |map| under `binarisation`: 1 selected, 0 not; the shape of map.
// The top-k rules break ties by lower row-major index. A constant map is selected whole by
// fraction_of_max and otsu. `mask` (same shape, non-zero = G) is read only for |G|.
// Throws agop::Error for mismatched shapes, an empty G, or q, τ outside (0, 1].
Tensor binarise(const Tensor& map, const Tensor& mask, const Binarisation& binarisation = {});

// Otsu's threshold computed exactly on the sorted values (every split between distinct
// values is tried, no histogram): returns the smallest value of the upper class that
// maximises the between-class variance w0·w1·(μ0 − μ1)², the lowest such split on ties.
// For constant values it returns that value (everything is foreground). skimage bins into
// 256 bins first, so it can differ where two values share a bin. Throws if empty.
double otsu_threshold(std::vector<double> values);

// |A ∩ G| / |A ∪ G| for A = binarise(map, mask, binarisation). map (H, W), mask (H, W).
double iou(const Tensor& map, const Tensor& mask, const Binarisation& binarisation = {});

// iou per sample of maps (N, H, W) with masks (N, H, W) or one (H, W), averaged: the mIoU.
SampleMean miou(const Tensor& maps, const Tensor& masks, const Binarisation& binarisation = {});

}  // namespace agop
