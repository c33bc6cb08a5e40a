#pragma once
// The padded form of conv2d_small's kernels, for stride 1 and padding >= kernel - 1 (CNN8by8's
// layers): a block of images copied channel-major into a zero border, (C, images, H + 2p,
// W + 2p), each channel followed by slack. Output position (oy, ox) of image i then sits at
// q = i * image + oy * Wp + ox of a "wide" row of images * image positions, and kernel offset
// (c, ky, kx) reads channel c at q + ky * Wp + kx: one contiguous run per offset, no unfolding.
// Wide positions with ox >= OW or oy >= OH read junk and are never used; with padding >=
// kernel - 1 the input gradient they carry lands in the border only (input_grad_padded_block).
// Every output is the sum the column form computes, over the offsets in patch order from
// zero: the same bits (tests/autodiff/test_conv2d_small.cpp checks the order exactly). Why:
// unfolding by table was 36% of the CNN8by8 training step at 1 thread, folding 11%.

#include "autodiff/backend.hpp"
#include "autodiff/vector_lanes.hpp"

namespace agop {

// Lanes per chunk of wide positions: independent chains of adds, each in a register of its own.
constexpr std::size_t kChunkLanes = 8;

struct PaddedLayout {
    // wp = W + 2p; image = (H + 2p) * wp; channel_stride = images_per_block * image + slack
    std::size_t wp, image, channel_stride;

    PaddedLayout(const ConvGeometry& g, std::size_t images_per_block)
        : wp(g.width + 2 * g.padding),
          image((g.height + 2 * g.padding) * wp),
          channel_stride(images_per_block * image + (g.kernel_h - 1) * wp + g.kernel_w - 1 + kChunk) {}

    // Wide positions are summed kChunk at a time in vector registers; a block's last chunk runs
    // past its positions into the slack at the end of each channel.
    static constexpr std::size_t kChunk = kChunkLanes * kLanes;
    static std::size_t chunked(std::size_t length) { return (length + kChunk - 1) / kChunk * kChunk; }
};

bool padded_form_applies(const ConvGeometry& g);

// Images [first, first + count) of x (N, C, H, W) into the interior of `padded` (C *
// channel_stride), whose border stays zero.
void pad_block(const float* x, std::size_t first, std::size_t count, const ConvGeometry& g, const PaddedLayout& l,
               float* padded);

// The columns (patch, count * P) of a padded block, as unfold_image writes them; `columns` has
// kCopySlack floats of slack.
void columns_from_padded(const float* padded, std::size_t count, const ConvGeometry& g, const PaddedLayout& l,
                         float* columns);

// out (N, OC, OH, OW) of images [first, first + count): padded (C * channel_stride, border
// zero) and by_channel (OC * chunked(images_per_block * image)) are the caller's buffers.
void forward_padded_block(const float* x, const float* weight, const float* bias, std::size_t first, std::size_t count,
                          std::size_t out_channels, const ConvGeometry& g, const PaddedLayout& l, float* padded,
                          float* by_channel, float* out);

// dx (N, C, H, W) of images [first, first + count) from dout (N, OC, OH, OW): dby (OC *
// chunked(images_per_block * image)) and dpadded (C * channel_stride) are the caller's buffers.
void input_grad_padded_block(const float* dout, const float* weight, std::size_t first, std::size_t count,
                             std::size_t out_channels, const ConvGeometry& g, const PaddedLayout& l, float* dby,
                             float* dpadded, float* dx);

}  // namespace agop
