#include "autodiff/conv_window.hpp"

#include <algorithm>

namespace agop {

namespace {

// The first output o with o * stride + k - padding >= 0.
std::size_t first_inside(std::size_t k, std::size_t padding, std::size_t stride) {
    return k >= padding ? 0 : (padding - k + stride - 1) / stride;
}

// One past the last output o with o * stride + k - padding <= extent - 1, capped by out.
std::size_t end_inside(std::size_t k, std::size_t padding, std::size_t stride, std::size_t extent, std::size_t out) {
    if (k > extent - 1 + padding) return 0;
    return std::min(out, (extent - 1 + padding - k) / stride + 1);
}

}  // namespace

std::vector<KernelOffsetRange> valid_kernel_offsets(const ConvGeometry& g) {
    std::vector<KernelOffsetRange> offsets;
    std::size_t index = 0;
    for (std::size_t c = 0; c < g.channels; ++c)
        for (std::size_t ky = 0; ky < g.kernel_h; ++ky)
            for (std::size_t kx = 0; kx < g.kernel_w; ++kx, ++index) {
                const KernelOffsetRange r{index,
                                          c,
                                          ky,
                                          kx,
                                          first_inside(ky, g.padding, g.stride),
                                          end_inside(ky, g.padding, g.stride, g.height, g.out_h()),
                                          first_inside(kx, g.padding, g.stride),
                                          end_inside(kx, g.padding, g.stride, g.width, g.out_w())};
                if (r.oy_begin < r.oy_end && r.ox_begin < r.ox_end) offsets.push_back(r);
            }
    return offsets;
}

void unfold_image(const float* image, const ConvGeometry& g, const std::vector<KernelOffsetRange>& offsets,
                  std::size_t row_stride, float* columns) {
    const std::size_t oh = g.out_h(), ow = g.out_w(), positions = oh * ow, plane = g.height * g.width;
    std::size_t next = 0;
    for (std::size_t k = 0; k < g.patch_size(); ++k) {
        float* dst = columns + k * row_stride;
        if (next == offsets.size() || offsets[next].index != k) {  // this offset reads only padding
            std::fill(dst, dst + positions, 0.0f);
            continue;
        }
        // One pass: zeros where the offset reads padding, pixels elsewhere.
        const KernelOffsetRange& r = offsets[next++];
        const float* channel = image + r.channel * plane;
        std::fill(dst, dst + r.oy_begin * ow, 0.0f);
        for (std::size_t oy = r.oy_begin; oy < r.oy_end; ++oy) {
            const float* src = channel + (oy * g.stride + r.ky - g.padding) * g.width;
            float* row = dst + oy * ow;
            std::fill(row, row + r.ox_begin, 0.0f);
            if (g.stride == 1)  // a contiguous run, which the compiler vectorises
                std::copy(src + r.ox_begin + r.kx - g.padding, src + r.ox_end + r.kx - g.padding, row + r.ox_begin);
            else
                for (std::size_t ox = r.ox_begin; ox < r.ox_end; ++ox) row[ox] = src[ox * g.stride + r.kx - g.padding];
            std::fill(row + r.ox_end, row + ow, 0.0f);
        }
        std::fill(dst + r.oy_end * ow, dst + positions, 0.0f);
    }
}

bool unfold_table_fits(const ConvGeometry& g) { return g.channels * g.height * g.width < (std::size_t{1} << 31); }

std::vector<std::uint32_t> unfold_table(const ConvGeometry& g) {
    const std::size_t ow = g.out_w(), positions = g.out_h() * ow, plane = g.height * g.width;
    std::vector<std::uint32_t> table(g.patch_size() * positions, static_cast<std::uint32_t>(g.channels * plane));
    for (const KernelOffsetRange& r : valid_kernel_offsets(g))
        for (std::size_t oy = r.oy_begin; oy < r.oy_end; ++oy)
            for (std::size_t ox = r.ox_begin; ox < r.ox_end; ++ox)
                table[r.index * positions + oy * ow + ox] =
                    static_cast<std::uint32_t>(r.channel * plane + (oy * g.stride + r.ky - g.padding) * g.width +
                                               ox * g.stride + r.kx - g.padding);
    return table;
}

// A select rather than a branch on padding: the load's index is clamped into the image.
void unfold_image_by_table(const float* image, const ConvGeometry& g, const std::vector<std::uint32_t>& table,
                           std::size_t row_stride, float* columns) {
    const std::size_t positions = g.out_h() * g.out_w();
    const std::uint32_t last = static_cast<std::uint32_t>(g.channels * g.height * g.width - 1);
    for (std::size_t k = 0; k < g.patch_size(); ++k) {
        const std::uint32_t* from = table.data() + k * positions;
        float* dst = columns + k * row_stride;
        for (std::size_t p = 0; p < positions; ++p) {
            const float value = image[std::min(from[p], last)];
            dst[p] = from[p] <= last ? value : 0.0f;
        }
    }
}

void fold_image_add(const float* columns, const ConvGeometry& g, const std::vector<KernelOffsetRange>& offsets,
                    std::size_t row_stride, float* image) {
    const std::size_t ow = g.out_w(), plane = g.height * g.width;
    for (const KernelOffsetRange& r : offsets) {
        const float* src = columns + r.index * row_stride;
        float* channel = image + r.channel * plane;
        for (std::size_t oy = r.oy_begin; oy < r.oy_end; ++oy) {
            float* dst = channel + (oy * g.stride + r.ky - g.padding) * g.width;
            const float* row = src + oy * ow;
            if (g.stride == 1) {
                float* run = dst + r.ox_begin + r.kx - g.padding;  // a contiguous run of pixels
                const float* from = row + r.ox_begin;
                for (std::size_t i = 0; i < r.ox_end - r.ox_begin; ++i) run[i] += from[i];
            } else {
                for (std::size_t ox = r.ox_begin; ox < r.ox_end; ++ox) dst[ox * g.stride + r.kx - g.padding] += row[ox];
            }
        }
    }
}

}  // namespace agop
