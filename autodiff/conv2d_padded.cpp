#include "autodiff/conv2d_padded.hpp"

#include <algorithm>
#include <cstring>

namespace agop {

namespace {

// kChunkLanes Lanes of sums: kChunk positions, as many independent chains of adds.
struct ChunkSums {
    Lanes part[kChunkLanes] = {};

    // part += w * src[0, kChunk)
    void add_scaled(float w, const float* src) {
        for (std::size_t i = 0; i < kChunkLanes; ++i) part[i] += load_lanes(src + i * kLanes) * w;
    }
    void store(float* dst) const { std::memcpy(dst, part, sizeof part); }
};

}  // namespace

bool padded_form_applies(const ConvGeometry& g) {
    return g.stride == 1 && g.padding + 1 >= g.kernel_h && g.padding + 1 >= g.kernel_w;
}

void pad_block(const float* x, std::size_t first, std::size_t count, const ConvGeometry& g, const PaddedLayout& l,
               float* padded) {
    const std::size_t plane = g.height * g.width;
    for (std::size_t c = 0; c < g.channels; ++c)
        for (std::size_t i = 0; i < count; ++i) {
            const float* src = x + ((first + i) * g.channels + c) * plane;
            float* dst = padded + c * l.channel_stride + i * l.image + g.padding * l.wp + g.padding;
            for (std::size_t y = 0; y < g.height; ++y)
                for (std::size_t xx = 0; xx < g.width; ++xx) dst[y * l.wp + xx] = src[y * g.width + xx];
        }
}

// Row by row, in order of address in `columns`.
void columns_from_padded(const float* padded, std::size_t count, const ConvGeometry& g, const PaddedLayout& l,
                         float* columns) {
    const std::size_t ow = g.out_w(), oh = g.out_h(), positions = oh * ow, length = count * positions;
    const float* padded_end = padded + g.channels * l.channel_stride;
    const float* columns_end = columns + g.patch_size() * length + kCopySlack;
    std::size_t k = 0;
    for (std::size_t c = 0; c < g.channels; ++c)
        for (std::size_t ky = 0; ky < g.kernel_h; ++ky)
            for (std::size_t kx = 0; kx < g.kernel_w; ++kx, ++k)
                for (std::size_t i = 0; i < count; ++i)
                    for (std::size_t oy = 0; oy < oh; ++oy) {
                        const float* src = padded + c * l.channel_stride + i * l.image + (oy + ky) * l.wp + kx;
                        copy_row_by_eights(src, ow, padded_end, columns + k * length + i * positions + oy * ow,
                                           columns_end);
                    }
}

// Forward of one padded block: by_channel[o, q] = sum over offsets k (patch order) of
// W[o, k] * padded[c_k, q + ky * Wp + kx], from zero as the column form sums, then the used
// positions + b[o] into out (N, OC, OH, OW).
void forward_padded_block(const float* x, const float* weight, const float* bias, std::size_t first, std::size_t count,
                          std::size_t out_channels, const ConvGeometry& g, const PaddedLayout& l, float* padded,
                          float* by_channel, float* out) {
    pad_block(x, first, count, g, l, padded);
    const std::size_t length = count * l.image, ow = g.out_w(), oh = g.out_h(), patch = g.patch_size();
    const std::size_t row = PaddedLayout::chunked(length);
    for (std::size_t o = 0; o < out_channels; ++o)
        for (std::size_t q0 = 0; q0 < length; q0 += PaddedLayout::kChunk) {
            ChunkSums sums;
            std::size_t k = 0;
            for (std::size_t c = 0; c < g.channels; ++c)
                for (std::size_t ky = 0; ky < g.kernel_h; ++ky)
                    for (std::size_t kx = 0; kx < g.kernel_w; ++kx, ++k)
                        sums.add_scaled(weight[o * patch + k], padded + c * l.channel_stride + ky * l.wp + kx + q0);
            sums.store(by_channel + o * row + q0);
        }
    // Rows in order of their address in out; none written past this block's images (another
    // thread's).
    const float* by_channel_end = by_channel + out_channels * row;
    const float* out_end = out + (first + count) * out_channels * oh * ow;
    for (std::size_t i = 0; i < count; ++i)
        for (std::size_t o = 0; o < out_channels; ++o) {
            const float shift = bias ? bias[o] : 0.0f;
            const float* src = by_channel + o * row + i * l.image;
            float* dst = out + ((first + i) * out_channels + o) * oh * ow;
            for (std::size_t oy = 0; oy < oh; ++oy)
                move_row_by_eights<true>(src + oy * l.wp, ow, by_channel_end, dst + oy * ow, out_end, shift);
        }
}

// Input gradient of one padded block. dby (OC, wide) holds dout at the used positions (and
// values that reach only the border elsewhere); per offset k in patch order, the column
// sum_o W[o, k] dby[o, :] from zero is added into dpadded at q + ky * Wp + kx. Each pixel thus
// receives its offsets' values in patch order from zero, as fold_image_add adds them. An unused
// position (ox >= OW or oy >= OH) reaches column ox + kx >= OW = W + 2p - K + 1 >= W + p, or the
// rows below the image, or the next image's top p rows: all border when p >= K - 1.
void input_grad_padded_block(const float* dout, const float* weight, std::size_t first, std::size_t count,
                             std::size_t out_channels, const ConvGeometry& g, const PaddedLayout& l, float* dby,
                             float* dpadded, float* dx) {
    const std::size_t length = count * l.image, ow = g.out_w(), oh = g.out_h(), patch = g.patch_size();
    const std::size_t row = PaddedLayout::chunked(length);
    std::fill(dby, dby + out_channels * row, 0.0f);
    const float* dout_end = dout + (first + count) * out_channels * oh * ow;
    for (std::size_t o = 0; o < out_channels; ++o)
        for (std::size_t i = 0; i < count; ++i) {
            const float* src = dout + ((first + i) * out_channels + o) * oh * ow;
            float* dst = dby + o * row + i * l.image;
            for (std::size_t oy = 0; oy < oh; ++oy)
                copy_row_by_eights(src + oy * ow, ow, dout_end, dst + oy * l.wp, dby + out_channels * row);
        }
    std::fill(dpadded, dpadded + g.channels * l.channel_stride, 0.0f);
    std::size_t k = 0;
    for (std::size_t c = 0; c < g.channels; ++c)
        for (std::size_t ky = 0; ky < g.kernel_h; ++ky)
            for (std::size_t kx = 0; kx < g.kernel_w; ++kx, ++k) {
                // Offset k's values all go in before offset k + 1's: each pixel's order.
                float* dst = dpadded + c * l.channel_stride + ky * l.wp + kx;
                for (std::size_t q0 = 0; q0 < length; q0 += PaddedLayout::kChunk) {
                    ChunkSums sums;
                    for (std::size_t o = 0; o < out_channels; ++o)
                        sums.add_scaled(weight[o * patch + k], dby + o * row + q0);
                    float column[PaddedLayout::kChunk];
                    sums.store(column);
                    for (std::size_t j = 0; j < PaddedLayout::kChunk; ++j) dst[q0 + j] += column[j];
                }
            }
    // Rows in order of their address in dx; none written past this block's images.
    const std::size_t plane = g.height * g.width;
    const float* dpadded_end = dpadded + g.channels * l.channel_stride;
    const float* dx_end = dx + (first + count) * g.channels * plane;
    for (std::size_t i = 0; i < count; ++i)
        for (std::size_t c = 0; c < g.channels; ++c) {
            const float* src = dpadded + c * l.channel_stride + i * l.image + g.padding * l.wp + g.padding;
            float* dst = dx + ((first + i) * g.channels + c) * plane;
            for (std::size_t y = 0; y < g.height; ++y)
                copy_row_by_eights(src + y * l.wp, g.width, dpadded_end, dst + y * g.width, dx_end);
        }
}

}  // namespace agop
