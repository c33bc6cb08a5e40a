#pragma once
// One map scored against many samples' masks (AGOP-Global: one diag(M) map for every sample).
// Where masks repeat (XAI-TRIS's LIN, MULT and XOR have one per setting), the metric needs to
// run once per distinct mask: each sample then takes its mask's value, and the per-sample
// values and their mean are those of average_over_samples over the map repeated per sample.

#include <cstddef>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "eval/summary.hpp"

namespace agop {

// The rows of `masks` (N, ...) grouped by their values (bit for bit): group[i] is row i's group,
// first_row[g] the first row of group g, groups numbered in order of first appearance.
struct MaskGroups {
    std::vector<std::size_t> group, first_row;
};
MaskGroups group_identical_masks(const Tensor& masks);

// metric(map, mask) for each sample's mask of `masks` (N, ...) shaped like `map`, run once per
// group of `groups` (group_identical_masks(masks)), and the mean over the N samples.
template <class Metric>
SampleMean average_over_masks(const std::string& op, const Tensor& map, const Tensor& masks, const MaskGroups& groups,
                              Metric metric) {
    if (masks.dimension() != map.dimension() + 1 || groups.group.size() != masks.shape()[0])
        throw Error(op + ": expected masks (N, ...) shaped like the map and their groups");
    std::vector<double> of_group;
    for (const std::size_t row : groups.first_row) of_group.push_back(metric(map, Tensor(xt::view(masks, row))));
    std::vector<double> per_sample;
    for (const std::size_t g : groups.group) per_sample.push_back(of_group[g]);
    return sample_mean(op, std::move(per_sample));
}

}  // namespace agop
