#pragma once
// conv2d for layers with few filters over small patches (CNN8by8: 1 or 4 input channels,
// 4 filters, 2x2 kernels on 8x8 images): blocks of images are unfolded into a buffer that
// stays in cache (about 1,024 output positions per row), and the filters are applied with
// plain loops along its rows; no batch-wide im2col columns and no sgemm. Stride-1 layers with
// padding >= kernel - 1 (CNN8by8's four) need no unfolding: they convolve a padded copy of each
// block (autodiff/conv2d_padded.hpp), summing in the same order, so to the same bits.
//
// Why a second kernel: on such layers a patch holds 4 to 16 values and the gemm's output has
// 4 columns, so im2col + sgemm over the batch spends its time moving data: a profile of
// CNN8by8 attribution at 1 thread put 33% in im2col/col2im, 10% in OpenBLAS zeroing its
// output, 10% in transposes to NCHW and only 13% in the sgemm itself. The im2col + sgemm
// kernel (ops_conv.cpp) stays for everything larger, where the arithmetic dominates.
//
// Every output element is written by one thread and summed in a fixed order, so results
// do not depend on the thread count.

#include "autodiff/backend.hpp"

namespace agop {

// Whether conv2d uses these kernels for `out_channels` filters over geometry g.
bool conv2d_small_pays(std::size_t out_channels, const ConvGeometry& g);

// x (N, C, H, W), weight (OC, C, KH, KW), bias (OC) or null -> out (N, OC, OH, OW), overwritten.
void conv2d_small_forward(const float* x, const float* weight, const float* bias, std::size_t batch,
                          std::size_t out_channels, const ConvGeometry& g, float* out);

// dout (N, OC, OH, OW), weight (OC, C, KH, KW) -> dx (N, C, H, W), overwritten.
void conv2d_small_input_grad(const float* dout, const float* weight, std::size_t batch, std::size_t out_channels,
                             const ConvGeometry& g, float* dx);

// dout (N, OC, OH, OW), x (N, C, H, W) -> dweight (OC, C, KH, KW), overwritten.
void conv2d_small_weight_grad(const float* dout, const float* x, std::size_t batch, std::size_t out_channels,
                              const ConvGeometry& g, float* dweight);

}  // namespace agop
