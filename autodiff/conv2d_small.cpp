#include "autodiff/conv2d_small.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "autodiff/conv2d_padded.hpp"
#include "autodiff/conv_window.hpp"
#include "autodiff/threads.hpp"
#include "autodiff/vector_lanes.hpp"

namespace agop {

namespace {

// Images are processed in blocks whose columns (patch, images * P) hold about this many
// positions per row: every filter then runs along rows long enough to vectorise (CNN8by8's
// last layers have P = 9 and 4), while a block's columns stay in the L1/L2 caches.
constexpr std::size_t kBlockPositions = 1024;

// A thread is woken for every this many multiply-adds of a layer, at most: the CNN8by8
// training step's layers on a batch of 64 images (37,000 to 103,000 multiply-adds, 10 us or
// less each) ran slower on two threads than on one (2T/1T 0.81, issue 23), since joining the
// second thread costs about as much as it saves; its attribution passes (thousands of rows)
// are far above it.
constexpr double kMinMultiplyAddsPerThread = 1 << 18;

struct Blocks {
    std::size_t images_per_block, count;
};

Blocks blocks_of(std::size_t batch, std::size_t positions) {
    const std::size_t per_block = std::max<std::size_t>(1, std::min(batch, kBlockPositions / positions));
    return {per_block, (batch + per_block - 1) / per_block};
}

// out[r, :] = sum over c of W(r, c) rows[c, :], each row of `length` values summed from zero in
// the order c = 0, 1, ...; W(r, c) = weight[r * r_stride + c * c_stride]. The forward's filters
// over the unfolded columns (W as stored) and the input gradient's columns (W transposed).
void weighted_row_sums(const float* weight, std::size_t r_stride, std::size_t c_stride, const float* rows,
                       std::size_t out_rows, std::size_t in_rows, std::size_t length, float* out) {
    for (std::size_t r = 0; r < out_rows; ++r) {
        float* dst = out + r * length;
        std::fill(dst, dst + length, 0.0f);
        for (std::size_t c = 0; c < in_rows; ++c) {
            const float w = weight[r * r_stride + c * c_stride];
            const float* row = rows + c * length;
            for (std::size_t p = 0; p < length; ++p) dst[p] += w * row[p];
        }
    }
}

// A block of images [first, first + count) -> columns (patch, count * P).
void unfold_block(const float* x, std::size_t first, std::size_t count, const ConvGeometry& g,
                  const std::vector<std::uint32_t>& table, float* columns) {
    const std::size_t positions = g.out_h() * g.out_w(), image_size = g.channels * g.height * g.width;
    for (std::size_t i = 0; i < count; ++i)
        unfold_image_by_table(x + (first + i) * image_size, g, table, count * positions, columns + i * positions);
}

// total of the products a[q] * b[q] for q in [tail, length), then of lanes[0, 8), in order.
float sum_of_lanes(const float* lanes, const float* a, const float* b, std::size_t tail, std::size_t length) {
    float total = 0.0f;
    for (std::size_t q = tail; q < length; ++q) total += a[q] * b[q];
    for (std::size_t j = 0; j < kLanes; ++j) total += lanes[j];
    return total;
}

// sum of a[p] * b[p] in eight interleaved partial sums, added in a fixed order at the end.
// Why: a single running sum is one long chain of dependent adds, which the compiler may not
// reorder (no -ffast-math); it made the weight gradient 36% of CNN8by8's training step.
float dot_in_lanes(const float* a, const float* b, std::size_t length) {
    float lanes[kLanes] = {};
    std::size_t p = 0;
    for (; p + kLanes <= length; p += kLanes)
        for (std::size_t j = 0; j < kLanes; ++j) lanes[j] += a[p + j] * b[p + j];
    return sum_of_lanes(lanes, a, b, p, length);
}

// dot_in_lanes of four rows a[0..3] with b, side by side: one row's eight sums are one vector
// register, still a chain of dependent adds; four rows make four independent chains.
void four_dots_in_lanes(const float* const* a, const float* b, std::size_t length, float* out) {
    Lanes lanes[4] = {};
    std::size_t p = 0;
    for (; p + kLanes <= length; p += kLanes) {
        const Lanes v = load_lanes(b + p);
        lanes[0] += load_lanes(a[0] + p) * v;
        lanes[1] += load_lanes(a[1] + p) * v;
        lanes[2] += load_lanes(a[2] + p) * v;
        lanes[3] += load_lanes(a[3] + p) * v;
    }
    for (std::size_t r = 0; r < 4; ++r) {
        float values[kLanes];
        std::memcpy(values, &lanes[r], sizeof values);
        out[r] = sum_of_lanes(values, a[r], b, p, length);
    }
}

}  // namespace

// The bound covers CNN8by8's layers (patches of 4 and 16 values, 4 filters); ResNet-18's
// smallest layer (64 filters over 64 x 3 x 3 patches) is far above it.
bool conv2d_small_pays(std::size_t out_channels, const ConvGeometry& g) {
    return out_channels <= 16 && g.patch_size() <= 64 && unfold_table_fits(g);
}

// Per block of images, with P = OH * OW, patch = C * KH * KW and L = images * P:
//   columns (patch, L) = unfold(x[block]),  by_channel[o, :] = sum_k W[o, k] columns[k, :],
//   out[n, o, :] = by_channel[o, n's P positions] + b[o]
// or the same sums over the padded form of the block where it applies.
void conv2d_small_forward(const float* x, const float* weight, const float* bias, std::size_t batch,
                          std::size_t out_channels, const ConvGeometry& g, float* out) {
    const std::size_t positions = g.out_h() * g.out_w(), patch = g.patch_size();
    const bool padded_form = padded_form_applies(g);
    const std::vector<std::uint32_t> table = padded_form ? std::vector<std::uint32_t>() : unfold_table(g);
    const Blocks blocks = blocks_of(batch, positions);
    const PaddedLayout layout(g, blocks.images_per_block);
    const std::size_t longest = blocks.images_per_block * (padded_form ? layout.image : positions);
    const int threads =
        threads_for(static_cast<double>(batch) * out_channels * positions * patch, kMinMultiplyAddsPerThread);
#pragma omp parallel num_threads(threads)
    {
        std::vector<float> columns(padded_form ? g.channels * layout.channel_stride : patch * longest);
        std::vector<float> by_channel(out_channels * (padded_form ? PaddedLayout::chunked(longest) : longest));
#pragma omp for schedule(static)
        for (std::ptrdiff_t b = 0; b < static_cast<std::ptrdiff_t>(blocks.count); ++b) {
            const std::size_t first = b * blocks.images_per_block;
            const std::size_t count = std::min(blocks.images_per_block, batch - first), length = count * positions;
            if (padded_form) {
                forward_padded_block(x, weight, bias, first, count, out_channels, g, layout, columns.data(),
                                     by_channel.data(), out);
                continue;
            }
            unfold_block(x, first, count, g, table, columns.data());
            weighted_row_sums(weight, patch, 1, columns.data(), out_channels, patch, length, by_channel.data());
            // The bias is added in this move rather than filled in above: a plain copy of
            // P = 4 to 81 values compiles to a memcpy call, and those calls were 11% of CNN8by8
            // attribution's profile.
            for (std::size_t i = 0; i < count; ++i)
                for (std::size_t o = 0; o < out_channels; ++o) {
                    const float shift = bias ? bias[o] : 0.0f;
                    const float* src = by_channel.data() + o * length + i * positions;
                    float* dst = out + ((first + i) * out_channels + o) * positions;
                    for (std::size_t p = 0; p < positions; ++p) dst[p] = src[p] + shift;
                }
        }
    }
}

// Per block: dby_channel (OC, L) gathered from dout, dcolumns[k, :] = sum_o W[o, k] dby_channel[o, :],
// dx[block] = fold(dcolumns); or the same sums over the padded form where it applies.
void conv2d_small_input_grad(const float* dout, const float* weight, std::size_t batch, std::size_t out_channels,
                             const ConvGeometry& g, float* dx) {
    const std::size_t positions = g.out_h() * g.out_w(), patch = g.patch_size();
    const std::size_t image_size = g.channels * g.height * g.width;
    const bool padded_form = padded_form_applies(g);
    const std::vector<KernelOffsetRange> offsets = valid_kernel_offsets(g);
    const Blocks blocks = blocks_of(batch, positions);
    const PaddedLayout layout(g, blocks.images_per_block);
    const std::size_t longest = blocks.images_per_block * (padded_form ? layout.image : positions);
    const int threads =
        threads_for(static_cast<double>(batch) * out_channels * positions * patch, kMinMultiplyAddsPerThread);
#pragma omp parallel num_threads(threads)
    {
        std::vector<float> dcolumns(padded_form ? 0 : patch * longest);
        std::vector<float> dby_channel(out_channels * (padded_form ? PaddedLayout::chunked(longest) : longest));
        std::vector<float> dpadded(padded_form ? g.channels * layout.channel_stride : 0);
#pragma omp for schedule(static)
        for (std::ptrdiff_t b = 0; b < static_cast<std::ptrdiff_t>(blocks.count); ++b) {
            const std::size_t first = b * blocks.images_per_block;
            const std::size_t count = std::min(blocks.images_per_block, batch - first), length = count * positions;
            if (padded_form) {
                input_grad_padded_block(dout, weight, first, count, out_channels, g, layout, dby_channel.data(),
                                        dpadded.data(), dx);
                continue;
            }
            for (std::size_t i = 0; i < count; ++i)
                for (std::size_t o = 0; o < out_channels; ++o)
                    std::memcpy(dby_channel.data() + o * length + i * positions,
                                dout + ((first + i) * out_channels + o) * positions, positions * sizeof(float));
            weighted_row_sums(weight, 1, patch, dby_channel.data(), patch, out_channels, length, dcolumns.data());
            float* images = dx + first * image_size;
            std::fill(images, images + count * image_size, 0.0f);
            for (std::size_t i = 0; i < count; ++i)
                fold_image_add(dcolumns.data() + i * positions, g, offsets, length, images + i * image_size);
        }
    }
}

// dweight[o, k] = sum over blocks of the dot product of dby_channel[o, :] with columns[k, :].
// One thread, blocks in order: a fixed summation order; the whole batch's weight gradient
// of a CNN8by8 layer is a few hundred thousand multiply-adds.
void conv2d_small_weight_grad(const float* dout, const float* x, std::size_t batch, std::size_t out_channels,
                              const ConvGeometry& g, float* dweight) {
    const std::size_t positions = g.out_h() * g.out_w(), patch = g.patch_size();
    const bool padded_form = padded_form_applies(g);
    const std::vector<std::uint32_t> table = padded_form ? std::vector<std::uint32_t>() : unfold_table(g);
    const Blocks blocks = blocks_of(batch, positions);
    const PaddedLayout layout(g, blocks.images_per_block);
    const std::size_t longest = blocks.images_per_block * positions;
    const float* dout_end = dout + batch * out_channels * positions;
    std::vector<float> columns(patch * longest + kCopySlack), dby_channel(out_channels * longest + kCopySlack);
    std::vector<float> padded(padded_form ? g.channels * layout.channel_stride : 0);
    std::fill(dweight, dweight + out_channels * patch, 0.0f);
    for (std::size_t b = 0; b < blocks.count; ++b) {
        const std::size_t first = b * blocks.images_per_block;
        const std::size_t count = std::min(blocks.images_per_block, batch - first), length = count * positions;
        if (padded_form) {
            pad_block(x, first, count, g, layout, padded.data());
            columns_from_padded(padded.data(), count, g, layout, columns.data());
        } else {
            unfold_block(x, first, count, g, table, columns.data());
        }
        for (std::size_t o = 0; o < out_channels; ++o)
            for (std::size_t i = 0; i < count; ++i)
                copy_row_by_eights(dout + ((first + i) * out_channels + o) * positions, positions, dout_end,
                                   dby_channel.data() + o * length + i * positions,
                                   dby_channel.data() + dby_channel.size());
        for (std::size_t k = 0; k < patch; ++k) {
            const float* row = columns.data() + k * length;
            std::size_t o = 0;
            for (; o + 4 <= out_channels; o += 4) {
                const float* grads[4];
                float dots[4];
                for (std::size_t r = 0; r < 4; ++r) grads[r] = dby_channel.data() + (o + r) * length;
                four_dots_in_lanes(grads, row, length, dots);
                for (std::size_t r = 0; r < 4; ++r) dweight[(o + r) * patch + k] += dots[r];
            }
            for (; o < out_channels; ++o)
                dweight[o * patch + k] += dot_in_lanes(dby_channel.data() + o * length, row, length);
        }
    }
}

}  // namespace agop
