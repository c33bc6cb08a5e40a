#pragma once
// Which output positions of a convolution window read a pixel inside the image.
//
// For a kernel offset (channel, ky, kx), output position (oy, ox) reads input pixel
// (oy * stride + ky - padding, ox * stride + kx - padding). The positions for which that
// pixel lies inside the image form a rectangle [oy_begin, oy_end) x [ox_begin, ox_end);
// loops over that rectangle need no bounds test per element (a per-element test once cost
// 45% of CNN8by8 attribution, whose patches hold 4 to 16 values).

#include <cstdint>
#include <vector>

#include "autodiff/backend.hpp"

namespace agop {

struct KernelOffsetRange {
    std::size_t index;  // c * KH * KW + ky * KW + kx: the column of this offset in a patch
    std::size_t channel, ky, kx;
    std::size_t oy_begin, oy_end, ox_begin, ox_end;
};

// Every kernel offset of g that reads at least one pixel inside the image, in patch order.
std::vector<KernelOffsetRange> valid_kernel_offsets(const ConvGeometry& g);

// One image (C, H, W) -> its columns: row k (kernel offset k, patch order) holds that offset's
// value for each of the OH * OW output positions, zero where it reads padding. Rows start
// `row_stride` floats apart (OH * OW for one image alone; more when images sit side by side).
// `offsets` is valid_kernel_offsets(g).
void unfold_image(const float* image, const ConvGeometry& g, const std::vector<KernelOffsetRange>& offsets,
                  std::size_t row_stride, float* columns);

// The same unfolding as a gather: entry k * P + p of the table is the index in the image of
// the pixel that kernel offset k reads at output position p, or image_size where it reads
// padding. Why a second form: on small outputs (CNN8by8's layers, ResNet-18's last stages at
// 64x64, rows of 1 to 8 values) the rectangle loops' set-up per row dominated. Needs
// C * H * W < 2^31 (unfold_table_fits).
bool unfold_table_fits(const ConvGeometry& g);
std::vector<std::uint32_t> unfold_table(const ConvGeometry& g);
void unfold_image_by_table(const float* image, const ConvGeometry& g, const std::vector<std::uint32_t>& table,
                           std::size_t row_stride, float* columns);

// The adjoint of unfold_image: adds each column's values back into their pixels of `image`.
void fold_image_add(const float* columns, const ConvGeometry& g, const std::vector<KernelOffsetRange>& offsets,
                    std::size_t row_stride, float* image);

}  // namespace agop
