#pragma once
// Features grouped into players: the one-hot columns of one original feature, say.
// groups[j] names the group of column j; groups are numbered 0..G-1 and none is empty.

#include <cstddef>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

// The number of groups G; throws Error naming `argument` unless groups has one entry per
// column and uses every number 0..G-1.
std::size_t group_count(const std::string& argument, const std::vector<std::size_t>& groups, std::size_t columns);

// attributions (N, d), groups (d) -> (N, G): the sum of each group's columns, for any method.
Tensor sum_per_group(const Tensor& attributions, const std::vector<std::size_t>& groups);

}  // namespace agop
