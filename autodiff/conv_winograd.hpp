#pragma once
// Winograd's minimal filtering F(2x2, 3x3) (Lavin & Gray 2016) for the 3x3 convolutions
// with stride 1 and padding 1 (ResNet-18's layers 1 to 4): each 2x2 block of outputs from
// its 4x4 input tile with 16 multiplications per channel pair instead of 36,
//   Y = A^T [ (G g G^T) ⊙ (B^T d B) ] A,
// the 16 elementwise products summed over input channels as 16 gemms (OC, C) x (C, tiles).
// The input gradient of such a convolution is the same convolution of the output gradient
// with the kernels turned by 180 degrees and the channel axes swapped, so it runs here too;
// the weight gradient stays im2col + gemm.
//
// Error against the seven-loop convolution in double (tests/autodiff/test_conv2d_small.cpp,
// inputs and weights ~N(0, 1)): at most 3.0e-7 (output) and 3.5e-7 (input gradient) of the
// largest |value|, 64 channels at 16x16.
//
// Not the default: on ResNet-18's training step (R1, 1 thread, SkylakeX kernels) it measured
// no faster than im2col, as its kernel and tile transforms cost what its gemms save (only
// layer1 and layer2 have enough tiles; README "How convolutions run").

#include <cstddef>

#include "autodiff/backend.hpp"

namespace agop {

enum class Conv3x3Algorithm { im2col, winograd };

// The algorithm of 3x3 stride-1 padding-1 convolutions, process-wide; im2col by default.
void set_conv3x3_algorithm(Conv3x3Algorithm algorithm);
Conv3x3Algorithm conv3x3_algorithm();

// Tiles (2x2 output blocks of a batch) below which Winograd does not pay: its kernel
// transform costs as much as its gemm saves when the (OC, C) products see few tiles
// (ResNet-18's layer4 at 64x64: 32 images of one tile each).
constexpr std::size_t kMinWinogradTiles = 512;

// Whether conv2d runs g on `batch` images through winograd_conv3x3: a 3x3 kernel, stride 1,
// padding 1, at least kMinWinogradTiles tiles, and the winograd algorithm chosen.
bool winograd_applies(const ConvGeometry& g, std::size_t batch);

// How winograd_conv3x3 reads its weight: as given, (OC, C, 3, 3); or turned, (C, OC, 3, 3)
// with each kernel turned by 180 degrees: the forward weight of a convolution whose output
// gradient, convolved so, is its input gradient.
enum class KernelUse { as_given, turned };

// x (N, C, H, W), weight as `use` says, bias (OC) or null -> out (N, OC, H, W), stride 1,
// padding 1.
void winograd_conv3x3(const float* x, std::size_t batch, std::size_t channels, std::size_t height, std::size_t width,
                      const float* weight, KernelUse use, std::size_t out_channels, const float* bias, float* out);

}  // namespace agop
