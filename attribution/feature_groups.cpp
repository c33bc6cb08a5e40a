#include "attribution/feature_groups.hpp"

#include <algorithm>

#include "autodiff/error.hpp"

namespace agop {

std::size_t group_count(const std::string& argument, const std::vector<std::size_t>& groups, std::size_t columns) {
    if (groups.size() != columns)
        throw Error(argument + ": expected one group per column (" + std::to_string(columns) + "), got " +
                    std::to_string(groups.size()));
    if (groups.empty()) return 0;
    const std::size_t count = *std::max_element(groups.begin(), groups.end()) + 1;
    std::vector<bool> used(count, false);
    for (std::size_t g : groups) used[g] = true;
    for (std::size_t g = 0; g < count; ++g)
        if (!used[g])
            throw Error(argument + ": group " + std::to_string(g) + " has no column; number groups 0.." +
                        std::to_string(count - 1) + " without gaps");
    return count;
}

Tensor sum_per_group(const Tensor& attributions, const std::vector<std::size_t>& groups) {
    if (attributions.dimension() != 2) throw_shape_error("sum_per_group", "attributions must be (N, d)", shape_of(attributions));
    const std::size_t n = attributions.shape()[0], d = attributions.shape()[1];
    const std::size_t count = group_count("sum_per_group: groups", groups, d);
    Tensor sums = xt::zeros<float>({n, count});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) sums.data()[i * count + groups[j]] += attributions.data()[i * d + j];
    return sums;
}

}  // namespace agop
