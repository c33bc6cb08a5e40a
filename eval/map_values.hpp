#pragma once
// Reading attribution maps and ground-truth masks as plain double vectors.
//
// Every metric in eval/ works in double precision on flattened maps: a map of any shape
// (d) or (H, W) is read in row-major order. A mask is a tensor of the map's shape whose
// non-zero entries mark the members of the set (the informative features, the object's
// pixels); XAI-TRIS masks that carry signs (±1) therefore count both signs as members.

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "autodiff/error.hpp"
#include "autodiff/tensor.hpp"

namespace agop {

// The elements of `t` in row-major order, as doubles.
inline std::vector<double> values_of(const Tensor& t) {
    return std::vector<double>(t.data(), t.data() + t.size());
}

// |t| element-wise, in row-major order, as doubles.
inline std::vector<double> magnitudes_of(const Tensor& t) {
    std::vector<double> out(t.size());
    const float* p = t.data();
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::abs(static_cast<double>(p[i]));
    return out;
}

// 1 where the mask is non-zero, 0 elsewhere.
inline std::vector<char> members_of(const Tensor& mask) {
    std::vector<char> out(mask.size());
    const float* p = mask.data();
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = p[i] != 0.0f;
    return out;
}

inline std::size_t member_count(const std::vector<char>& members) {
    std::size_t n = 0;
    for (char m : members) n += m != 0;
    return n;
}

// The share of sum |a| that falls on the members: sum over members / sum over all. An all-zero
// map puts its mass everywhere alike, so its share is the members' share of the elements.
inline double magnitude_share_on(const std::vector<double>& magnitude, const std::vector<char>& members) {
    double total = 0.0, inside = 0.0;
    for (std::size_t p = 0; p < magnitude.size(); ++p) {
        total += magnitude[p];
        if (members[p]) inside += magnitude[p];
    }
    if (total == 0.0) return static_cast<double>(member_count(members)) / static_cast<double>(members.size());
    return inside / total;
}

// Throws unless `map` and `mask` have the same, non-empty shape.
inline void require_same_nonempty_shape(const std::string& op, const Tensor& map, const Tensor& mask) {
    if (shape_of(map) != shape_of(mask))
        throw_shape_error(op, "the attribution and the mask must have the same shape", shape_of(map),
                          shape_of(mask));
    if (map.size() == 0) throw_shape_error(op, "the attribution must not be empty", shape_of(map));
}

// Throws unless the mask has at least one member.
inline void require_members(const std::string& op, const std::vector<char>& members, const Tensor& mask) {
    if (member_count(members) == 0)
        throw_shape_error(op, "the mask must mark at least one element (all of it is zero)", shape_of(mask));
}

}  // namespace agop
