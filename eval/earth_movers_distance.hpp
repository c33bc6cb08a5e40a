#pragma once
// Earth mover's distance between a ground-truth mask and an attribution map, solved exactly
// as a transportation problem, and XAI-TRIS's EMD score built on it (docs/papers.md §3.7).

#include <vector>

#include "autodiff/tensor.hpp"
#include "eval/summary.hpp"

namespace agop {

// The minimal cost sum_ij f_ij c_ij of moving `supply` (m) onto `demand` (n): f >= 0 with
// row sums = supply and column sums = demand; `cost` is (m, n) row-major with c >= 0.
// Exact up to rounding (the transportation simplex, eval/transportation_simplex.hpp, or where
// it cycles successive shortest paths with Dijkstra and potentials), the same optimum as POT's
// `ot.lp.emd` network simplex. Throws agop::Error if the sizes disagree,
// a mass or cost is negative, or the two totals differ by more than 1e-9 relative.
double earth_movers_distance(const std::vector<double>& supply, const std::vector<double>& demand,
                             const std::vector<double>& cost);

// What the EMD is divided by in emd_score.
enum class EmdNormaliser {
    reference_code,      // sqrt(2 · H · W): what XAI-TRIS's code uses (sqrt(128) = 11.31 for 8x8)
    max_pixel_distance,  // sqrt((H − 1)² + (W − 1)²): what its comment says (sqrt(98) = 9.90 for 8x8)
};

// XAI-TRIS EMD score 1 − EMD / normaliser between the mask (H, W), read as a uniform
// distribution over its non-zero pixels, and |map| (H, W) normalised to sum 1, with the
// Euclidean distance between pixel (row, column) coordinates as ground cost. An all-zero
// map reads as the uniform map (the reference code divides by zero and skips the sample).
// Cost grows with (|G| · non-zero pixels): meant for 8x8 maps; 64x64 maps take seconds.
double emd_score(const Tensor& map, const Tensor& mask, EmdNormaliser normaliser = EmdNormaliser::reference_code);

// emd_score per sample of maps (N, H, W) with masks (N, H, W) or one (H, W), averaged.
SampleMean mean_emd_score(const Tensor& maps, const Tensor& masks,
                          EmdNormaliser normaliser = EmdNormaliser::reference_code);

}  // namespace agop
