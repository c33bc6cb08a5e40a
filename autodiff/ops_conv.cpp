// conv2d: the op, over one of two kernels.
//   - small (conv2d_small.hpp): per-image unfold + plain loops, for a few filters over small
//     patches (CNN8by8's layers);
//   - im2col + one sgemm over the whole batch for everything else (ResNet-18).
// Why one gemm over the whole batch: per-sample gemms on small images (a 2x2 output in
// ResNet-18's last stage at 64x64) are too small for BLAS to be efficient, and one large
// call lets OpenBLAS use its own threads while no OpenMP region is open.

#include <algorithm>
#include <cstring>

#include "autodiff/backend.hpp"
#include "autodiff/conv2d_small.hpp"
#include "autodiff/conv_winograd.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

namespace {

// by_channel (OC, N * P) -> nchw (N, OC, P), adding bias[o] (if given) to channel o.
// Each move is a run of P contiguous values.
void channel_major_to_nchw(const float* by_channel, const float* bias, std::size_t batch, std::size_t channels,
                           std::size_t positions, float* nchw) {
#pragma omp parallel for schedule(static) if (batch * channels * positions >= kParallelMinElements)
    for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n)
        for (std::size_t c = 0; c < channels; ++c) {
            const float* src = by_channel + (c * batch + n) * positions;
            float* dst = nchw + (n * channels + c) * positions;
            if (bias)
                for (std::size_t p = 0; p < positions; ++p) dst[p] = src[p] + bias[c];
            else
                std::memcpy(dst, src, positions * sizeof(float));
        }
}

// nchw (N, OC, P) -> by_channel (OC, N * P): the inverse move.
void nchw_to_channel_major(const float* nchw, std::size_t batch, std::size_t channels, std::size_t positions,
                           float* by_channel) {
#pragma omp parallel for schedule(static) if (batch * channels * positions >= kParallelMinElements)
    for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n)
        for (std::size_t c = 0; c < channels; ++c)
            std::memcpy(by_channel + (c * batch + n) * positions, nchw + (n * channels + c) * positions,
                        positions * sizeof(float));
}

// db (OC) = sums of dout (N, OC, P) over images and positions, in a fixed order: each plane's
// positions in order, then the planes' totals in order. Eight planes are summed side by side:
// one plane's sum is a chain of dependent adds (CNN8by8's planes hold 4 to 81 values), which
// made this 3% of its training step.
Tensor bias_grad(const float* dout, std::size_t batch, std::size_t channels, std::size_t positions) {
    constexpr std::size_t kSideBySide = 8;
    Tensor db = xt::zeros<float>({channels});
    const std::size_t planes = batch * channels;
    std::size_t first = 0;
    for (; first + kSideBySide <= planes; first += kSideBySide) {
        float totals[kSideBySide] = {};
        const float* block = dout + first * positions;
        for (std::size_t p = 0; p < positions; ++p)
            for (std::size_t r = 0; r < kSideBySide; ++r) totals[r] += block[r * positions + p];
        for (std::size_t r = 0; r < kSideBySide; ++r) db.data()[(first + r) % channels] += totals[r];
    }
    for (; first < planes; ++first) {
        const float* plane = dout + first * positions;
        float total = 0.0f;
        for (std::size_t p = 0; p < positions; ++p) total += plane[p];
        db.data()[first % channels] += total;
    }
    return db;
}

// The im2col kernel runs over chunks of images whose columns take at most kChunkBytes (or
// one image). Why chunks: a whole batch's columns (38 MB for ResNet-18's first layers at
// batch 64) exceed the sizes that malloc keeps for reuse (allocator.hpp), so each call
// faulted in fresh zeroed pages; and a chunk's columns are still in cache when the gemm
// reads them. (16 MiB measured no faster than 4 MiB on ResNet-18's forward.)
constexpr std::size_t kChunkBytes = std::size_t{4} << 20;

// As many images per chunk as fit, spread evenly over the chunks: no small remainder gemm.
std::size_t images_per_chunk(std::size_t batch, std::size_t positions, std::size_t patch) {
    const std::size_t most =
        std::max<std::size_t>(1, std::min(batch, kChunkBytes / (positions * patch * sizeof(float))));
    const std::size_t chunks = (batch + most - 1) / most;
    return (batch + chunks - 1) / chunks;
}

}  // namespace

// x (N, C, H, W), weight (OC, C, KH, KW), bias (OC) -> out (N, OC, OH, OW)
// im2col kernel, per chunk of L images, with P = OH * OW and patch = C * KH * KW:
//   columns    (patch, L * P) = im2col(x[chunk])
//   by_channel (OC, L * P)    = W columns, then each image's (OC, P) block moved to NCHW (+ b)
// backward, per chunk, with dby_channel (OC, L * P) from dout:
//   dW (OC, patch) = sum over chunks of dby_channel columns^T,  db = sums of dout per channel,
//   dx[chunk] = col2im(W^T dby_channel)
// Columns are kept for the backward only when the weight needs a gradient. Layers that
// winograd_applies to run their forward and input gradient by Winograd instead, and unfold
// their columns in the backward for the weight gradient (autodiff/conv_winograd.hpp).
namespace {

// What conv2d's backward needs to know about the forward that recorded it.
struct ConvPlan {
    ConvGeometry g;
    std::size_t batch, oc, positions, patch, image_size, chunk;
    bool small, winograd;
};

void conv2d_small_backward(Node& self, const ConvPlan& p) {
    Node& x = *self.inputs[0];
    Node& w = *self.inputs[1];
    const float* dout = self.grad.data();
    if (w.requires_grad) {
        Tensor dw = Tensor::from_shape(w.value().shape());
        conv2d_small_weight_grad(dout, x.value().data(), p.batch, p.oc, p.g, dw.data());
        w.add_grad(std::move(dw));
    }
    if (x.requires_grad) {
        Tensor dx = Tensor::from_shape(x.value().shape());
        conv2d_small_input_grad(dout, w.value().data(), p.batch, p.oc, p.g, dx.data());
        x.add_grad(std::move(dx));
    }
}

// The im2col and Winograd backward: the weight gradient from (kept or re-unfolded) columns per
// chunk, the input gradient by col2im, or by Winograd with the turned kernels.
void conv2d_columns_backward(Node& self, const ConvPlan& p, const std::vector<Tensor>& kept_columns) {
    Node& x = *self.inputs[0];
    Node& w = *self.inputs[1];
    const float* dout = self.grad.data();
    Tensor dw = w.requires_grad ? Tensor::from_shape(w.value().shape()) : Tensor();
    Tensor dx = x.requires_grad && !p.winograd ? xt::zeros<float>(x.value().shape()) : Tensor();
    if (x.requires_grad && p.winograd) {  // dx = dout convolved with the turned kernels, pad 1
        dx = Tensor::from_shape(x.value().shape());
        winograd_conv3x3(dout, p.batch, p.oc, p.g.height, p.g.width, w.value().data(), KernelUse::turned, p.g.channels,
                         nullptr, dx.data());
    }
    for (std::size_t first = 0, index = 0; first < p.batch; first += p.chunk, ++index) {
        if (p.winograd && !w.requires_grad) break;
        const std::size_t count = std::min(p.chunk, p.batch - first), length = count * p.positions;
        Tensor dby_channel = Tensor::from_shape({p.oc, length});
        nchw_to_channel_major(dout + first * p.oc * p.positions, count, p.oc, p.positions, dby_channel.data());
        if (w.requires_grad) {
            Tensor columns;  // Winograd's forward kept none
            if (p.winograd) {
                columns = Tensor::from_shape({p.patch, length});
                backend().im2col(x.value().data() + first * p.image_size, count, p.g, columns.data());
            }
            backend().gemm(false, true, p.oc, p.patch, length, 1.0f, dby_channel.data(),
                           p.winograd ? columns.data() : kept_columns[index].data(), index == 0 ? 0.0f : 1.0f,
                           dw.data());
        }
        if (x.requires_grad && !p.winograd) {
            Tensor dcolumns = Tensor::from_shape({p.patch, length});
            backend().gemm(true, false, p.patch, length, p.oc, 1.0f, w.value().data(), dby_channel.data(), 0.0f,
                           dcolumns.data());
            backend().col2im(dcolumns.data(), count, p.g, dx.data() + first * p.image_size);
        }
    }
    if (w.requires_grad) w.add_grad(std::move(dw));
    if (x.requires_grad) x.add_grad(std::move(dx));
}

}  // namespace

Var conv2d(const Var& x, const Var& weight, const Var& bias, std::size_t stride, std::size_t padding) {
    const Shape sx = x.shape(), sw = weight.shape();
    if (sx.size() != 4 || sw.size() != 4 || sx[1] != sw[1])
        throw_shape_error("conv2d", "expected input (N, C, H, W) and weight (OC, C, KH, KW)", sx, sw);
    if (stride == 0) throw Error("conv2d: stride must be at least 1");
    if (sx[2] + 2 * padding < sw[2] || sx[3] + 2 * padding < sw[3])
        throw_shape_error("conv2d", "kernel larger than the padded input", sx, sw);
    const std::size_t oc = sw[0];
    if (bias.defined() && bias.shape() != Shape{oc})
        throw_shape_error("conv2d", "bias must have shape (OC)", bias.shape(), sw);
    const ConvGeometry g{sx[1], sx[2], sx[3], sw[2], sw[3], stride, padding};
    const std::size_t batch = sx[0], positions = g.out_h() * g.out_w(), patch = g.patch_size();
    const bool small = conv2d_small_pays(oc, g);
    const ConvPlan plan{g,
                        batch,
                        oc,
                        positions,
                        patch,
                        g.channels * g.height * g.width,
                        images_per_chunk(batch, positions, patch),
                        small,
                        !small && winograd_applies(g, batch)};

    Tensor out = Tensor::from_shape({batch, oc, g.out_h(), g.out_w()});
    const float* b = bias.defined() ? bias.value().data() : nullptr;
    std::vector<Tensor> kept_columns;  // per chunk, for the weight gradient only
    if (plan.small) {
        conv2d_small_forward(x.value().data(), weight.value().data(), b, batch, oc, g, out.data());
    } else if (plan.winograd) {
        winograd_conv3x3(x.value().data(), batch, g.channels, g.height, g.width, weight.value().data(),
                         KernelUse::as_given, oc, b, out.data());
    } else {
        for (std::size_t first = 0; first < batch; first += plan.chunk) {
            const std::size_t count = std::min(plan.chunk, batch - first), length = count * positions;
            Tensor columns = Tensor::from_shape({patch, length});
            backend().im2col(x.value().data() + first * plan.image_size, count, g, columns.data());
            Tensor by_channel = Tensor::from_shape({oc, length});
            backend().gemm(false, false, oc, length, patch, 1.0f, weight.value().data(), columns.data(), 0.0f,
                           by_channel.data());
            channel_major_to_nchw(by_channel.data(), b, count, oc, positions, out.data() + first * oc * positions);
            if (weight.requires_grad()) kept_columns.push_back(std::move(columns));
        }
    }

    std::vector<Var> inputs{x, weight};
    if (bias.defined()) inputs.push_back(bias);
    return x.tape().record(
        "conv2d", std::move(out), std::move(inputs), [plan, kept_columns = std::move(kept_columns)](Node& self) {
            if (self.inputs.size() > 2 && self.inputs[2]->requires_grad)
                self.inputs[2]->add_grad(bias_grad(self.grad.data(), plan.batch, plan.oc, plan.positions));
            if (plan.small)
                conv2d_small_backward(self, plan);
            else
                conv2d_columns_backward(self, plan, kept_columns);
        });
}

}  // namespace agop
