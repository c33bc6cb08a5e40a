#pragma once
// Bilinear resizing of 2-D maps with PyTorch's F.interpolate(mode="bilinear",
// align_corners=False) convention: output pixel centres map to input coordinates
// src = (dst + 0.5) · in / out - 0.5, clamped at 0, and the last input row/column
// repeats past the edge.

#include <cstddef>

#include "autodiff/tensor.hpp"

namespace agop {

// maps (N, h, w) -> (N, height, width)
Tensor bilinear_upsample(const Tensor& maps, std::size_t height, std::size_t width);

}  // namespace agop
