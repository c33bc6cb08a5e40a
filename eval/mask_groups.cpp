#include "eval/mask_groups.hpp"

#include <map>

namespace agop {

MaskGroups group_identical_masks(const Tensor& masks) {
    if (masks.dimension() < 1 || masks.shape()[0] == 0)
        throw Error("group_identical_masks: expected masks (N, ...), N >= 1");
    MaskGroups out;
    std::map<std::string, std::size_t> group_of_bytes;
    const std::size_t n = masks.shape()[0], row_size = masks.size() / n;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string bytes(reinterpret_cast<const char*>(masks.data() + i * row_size), row_size * sizeof(float));
        const auto [it, inserted] = group_of_bytes.emplace(bytes, out.first_row.size());
        if (inserted) out.first_row.push_back(i);
        out.group.push_back(it->second);
    }
    return out;
}

}  // namespace agop
