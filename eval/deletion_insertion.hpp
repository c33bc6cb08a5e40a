#pragma once
// Deletion and insertion curves (Petsiuk, Das & Saenko 2018, "RISE"; Samek et al. 2017's
// region perturbation; Quantus's PixelFlipping / RegionPerturbation), with the random-order
// reference.
//
// The G groups of a sample (features, or image patches: perturbation_groups.hpp) are ordered
// by decreasing group attribution (signed, as Quantus orders: the group that pushes the
// explained output up most goes first). At step k = 0..S the first m_k = round(k G / S) groups
// of that order are
//   deletion:  replaced by the baseline, starting from x:        y_k = f(x with those groups <- b)
//   insertion: revealed from x, starting from the baseline b:    y_k = f(b with those groups <- x)
// and the area under each curve over the fraction removed (revealed) in [0, 1] is the
// trapezoid rule, AUC = (1/S) (y_0/2 + y_1 + ... + y_{S-1} + y_S/2). f is the explained output
// (a logit, a probability, a regression value) at the sample's target. A faithful attribution
// has a low deletion area and a high insertion area. The reference orders the groups by a
// uniformly random permutation (per sample, from the seed): a method should beat it.
//
// The baseline (what "removed" means) is a parameter: zeros, the training mean, or a blurred
// copy of each image (blurred_baseline), one sample's shape or one per sample.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "attribution/explained_model.hpp"
#include "eval/perturbation_groups.hpp"
#include "eval/summary.hpp"

namespace agop {

struct DeletionInsertionSettings {
    std::size_t steps = 0;   // S (0: one step per group, S = G); at most G
    std::uint64_t seed = 0;  // the random order of sample i comes from Rng::stream(seed, i)
};

struct DeletionInsertionScores {
    SampleMean deletion, insertion;                       // per-sample areas, attribution order
    SampleMean deletion_random, insertion_random;         // per-sample areas, random order
    std::vector<double> deletion_curve, insertion_curve;  // (S + 1) mean curves, attribution order
};

// inputs, attributions (N, ...), targets (N), baseline (one sample's shape or (N, ...)) ->
// the four areas per sample and the mean curves. The model runs N x (S + 1) x 4 rows, in
// batched pieces. Throws Error on mismatched shapes or targets.
DeletionInsertionScores deletion_insertion(const ExplainedModel& model, const Tensor& inputs,
                                           const std::vector<int>& targets, const Tensor& attributions,
                                           const Tensor& baseline, const AttributionGroups& groups,
                                           const DeletionInsertionSettings& settings = {});

// The area of curve y_0..y_S over [0, 1] by the trapezoid rule (S >= 1).
double curve_area(const std::vector<double>& curve);

// images (N, C, H, W) -> each channel blurred by a Gaussian of `sigma` pixels (a baseline that
// removes detail but keeps colour, as Fong & Vedaldi 2017 and Quantus's blur baseline).
Tensor blurred_baseline(const Tensor& images, double sigma);

}  // namespace agop
