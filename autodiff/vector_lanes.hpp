#pragma once
// Eight floats as one value the compiler keeps in a vector register (GCC and Clang vector
// extensions), and short rows moved through it. Sums written with Lanes are the same IEEE
// operations in the same order as the scalar loops they replace: same bits.

#include <cstddef>
#include <cstring>

namespace agop {

constexpr std::size_t kLanes = 8;
using Lanes = float __attribute__((vector_size(kLanes * sizeof(float))));

inline Lanes load_lanes(const float* p) {
    Lanes v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// Slack after a buffer that copy_row_by_eights writes into.
constexpr std::size_t kCopySlack = kLanes;

// dst[0, width) = src[0, width) + shift, 8 floats at a time while the runs end before src_end
// and dst_end, so each may write up to 7 floats past the row: for rows written at increasing
// addresses, where a later row (or slack) takes them. Why: a copy of 2 to 9 floats compiles to
// a memcpy call, and those calls were 16% of the CNN8by8 training step.
template <bool kShifted>
void move_row_by_eights(const float* src, std::size_t width, const float* src_end, float* dst, const float* dst_end,
                        float shift) {
    std::size_t x = 0;
    for (; x < width && src + x + kLanes <= src_end && dst + x + kLanes <= dst_end; x += kLanes) {
        Lanes v = load_lanes(src + x);
        if constexpr (kShifted) v += shift;
        std::memcpy(dst + x, &v, sizeof v);
    }
    for (; x < width; ++x) dst[x] = kShifted ? src[x] + shift : src[x];
}

inline void copy_row_by_eights(const float* src, std::size_t width, const float* src_end, float* dst,
                               const float* dst_end) {
    move_row_by_eights<false>(src, width, src_end, dst, dst_end, 0.0f);
}

}  // namespace agop
