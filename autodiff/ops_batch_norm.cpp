// Batch normalisation over (N, C) or (N, C, H, W), training and eval modes.
//
// Every loop runs over channels outside: a channel's statistics, outputs and gradient sums
// are computed by one thread in a fixed order (same bits on any thread count), and the
// channels are shared between threads (serial batch norms would keep ResNet-18's training
// step from gaining much from a second thread).

#include <cmath>

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

namespace {

// One batch norm's sizes: x (n, c[, h, w]), `area` values per (row, channel) plane, m = n * area
// values per channel; `parallel` when there is enough work to share the channels between threads.
struct BatchNormSizes {
    std::size_t n, c, area, m;
    bool parallel;
};

BatchNormSizes batch_norm_sizes(const Shape& sx, const Var& gamma, const Var& beta, const BatchNormState& state,
                                bool training) {
    if (sx.size() != 2 && sx.size() != 4) throw_shape_error("batch_norm", "expected (N, C) or (N, C, H, W)", sx);
    const std::size_t n = sx[0], c = sx[1], area = sx.size() == 4 ? sx[2] * sx[3] : 1;
    if (gamma.shape() != Shape{c} || beta.shape() != Shape{c})
        throw_shape_error("batch_norm", "gamma and beta must have shape (C)", sx, gamma.shape());
    if (!state.running_mean || !state.running_var || shape_of(*state.running_mean) != Shape{c} ||
        shape_of(*state.running_var) != Shape{c})
        throw_shape_error("batch_norm", "running mean and variance must be given with shape (C)", sx);
    const std::size_t m = n * area;
    if (training && m < 2) throw_shape_error("batch_norm", "training mode needs more than one value per channel", sx);
    return {n, c, area, m, n * c * area >= kParallelMinElements};
}

// A double sum in eight lanes: term k of a run goes to lane k mod 8, and the lanes are added in
// a fixed tree at the end, so the bits depend on the runs alone (not on the thread count). Why
// lanes: one chain of additions waits out the adder's latency for every value, which made batch
// norm's sums about 6% of ResNet-18's training step; eight chains vectorise.
struct LaneSum {
    double lane[8] = {};

    double total() const {
        return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
    }
};

// Adds term(k) for k in [0, count) to `a` and, with two terms, term_b(k) to `b` in the same pass.
template <class TermA, class TermB>
void add_run(std::size_t count, LaneSum& a, TermA term_a, LaneSum& b, TermB term_b) {
    std::size_t k = 0;
    for (; k + 8 <= count; k += 8)
        for (std::size_t j = 0; j < 8; ++j) {
            a.lane[j] += term_a(k + j);
            b.lane[j] += term_b(k + j);
        }
    for (std::size_t j = 0; k + j < count; ++j) {
        a.lane[j] += term_a(k + j);
        b.lane[j] += term_b(k + j);
    }
}

template <class Term>
void add_run(std::size_t count, LaneSum& a, Term term) {
    std::size_t k = 0;
    for (; k + 8 <= count; k += 8)
        for (std::size_t j = 0; j < 8; ++j) a.lane[j] += term(k + j);
    for (std::size_t j = 0; k + j < count; ++j) a.lane[j] += term(k + j);
}

// Per channel: mu and 1 / sqrt(var + eps), from the batch (moving the running statistics) in
// training, from the running statistics in eval. mu, inv_std (C).
void channel_statistics(const float* in, const BatchNormSizes& s, const BatchNormState& state, bool training,
                        std::vector<float>& mu, std::vector<float>& inv_std) {
    const std::size_t n = s.n, c = s.c, area = s.area, m = s.m;
#pragma omp parallel for schedule(static) if (s.parallel)
    for (std::ptrdiff_t ch = 0; ch < static_cast<std::ptrdiff_t>(c); ++ch) {
        double mean = state.running_mean->data()[ch], var = state.running_var->data()[ch];
        if (training) {
            LaneSum total, total_sq;
            for (std::size_t i = 0; i < n; ++i) {
                const float* plane = in + (i * c + ch) * area;
                add_run(area, total, [plane](std::size_t k) { return static_cast<double>(plane[k]); });
            }
            mean = total.total() / m;
            for (std::size_t i = 0; i < n; ++i) {
                const float* plane = in + (i * c + ch) * area;
                add_run(area, total_sq, [plane, mean](std::size_t k) { return (plane[k] - mean) * (plane[k] - mean); });
            }
            var = total_sq.total() / m;
            float& rm = state.running_mean->data()[ch];
            float& rv = state.running_var->data()[ch];
            rm = static_cast<float>((1.0 - state.momentum) * rm + state.momentum * mean);
            rv = static_cast<float>((1.0 - state.momentum) * rv + state.momentum * var * m / (m - 1));
        }
        mu[ch] = static_cast<float>(mean);
        inv_std[ch] = static_cast<float>(1.0 / std::sqrt(var + state.eps));
    }
}

// out = gamma * xhat + beta (training) or scale * x + shift (eval), then max(out, 0) with `relu`.
void normalise(const float* in, const float* gm, const float* bt, const BatchNormSizes& s, bool training, bool relu,
               const std::vector<float>& mu, const std::vector<float>& inv_std, Tensor& out) {
    const std::size_t n = s.n, c = s.c, area = s.area;
#pragma omp parallel for schedule(static) if (s.parallel)
    for (std::ptrdiff_t ch = 0; ch < static_cast<std::ptrdiff_t>(c); ++ch)
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t base = (i * c + ch) * area;
            float* o = out.data() + base;
            if (training) {
                for (std::size_t k = 0; k < area; ++k) o[k] = gm[ch] * ((in[base + k] - mu[ch]) * inv_std[ch]) + bt[ch];
            } else {
                const float scale = gm[ch] * inv_std[ch], shift = bt[ch] - mu[ch] * scale;
                for (std::size_t k = 0; k < area; ++k) o[k] = scale * in[base + k] + shift;
            }
            if (relu)
                for (std::size_t k = 0; k < area; ++k) o[k] = o[k] > 0.0f ? o[k] : 0.0f;
        }
}

// dy, or with `relu` dy where the op's output y is positive and 0 elsewhere (relu's backward),
// for the `area` values of one plane.
const float* plane_gradient(const float* dy, const float* y, bool relu, std::size_t area, float* masked) {
    if (!relu) return dy;
    for (std::size_t k = 0; k < area; ++k) masked[k] = y[k] > 0.0f ? dy[k] : 0.0f;
    return masked;
}

// The backward of batch_norm (the formulas above it), adding dx, dgamma, dbeta to its inputs.
// xhat = (x - mu) * inv_std is recomputed from x (the same bits as the forward's): keeping it
// cost a tensor the size of x per batch norm.
void batch_norm_backward(Node& self, const Shape& sx, const BatchNormSizes& s, bool training, bool relu,
                         const std::vector<float>& mu, const std::vector<float>& inv_std) {
    const std::size_t n = s.n, c = s.c, area = s.area, m = s.m;
    const float* x = self.inputs[0]->value().data();
    const float* gm = self.inputs[1]->value().data();
    const bool want_dx = self.inputs[0]->requires_grad;
    const bool want_sums = training || self.inputs[1]->requires_grad || self.inputs[2]->requires_grad;
    Tensor dx = want_dx ? Tensor::from_shape(sx) : Tensor();
    Tensor dgamma = Tensor::from_shape({c}), dbeta = Tensor::from_shape({c});
#pragma omp parallel for schedule(static) if (s.parallel)
    for (std::ptrdiff_t ch = 0; ch < static_cast<std::ptrdiff_t>(c); ++ch) {
        std::vector<float> masked(relu ? area : 0);
        LaneSum dy_lanes, dy_xhat_lanes;
        for (std::size_t i = 0; i < n && want_sums; ++i) {
            const std::size_t base = (i * c + ch) * area;
            const float* dy =
                plane_gradient(self.grad.data() + base, self.value().data() + base, relu, area, masked.data());
            const float *xs = x + base, mean = mu[ch], scale = inv_std[ch];
            add_run(
                area, dy_lanes, [dy](std::size_t k) { return static_cast<double>(dy[k]); }, dy_xhat_lanes,
                [dy, xs, mean, scale](std::size_t k) { return static_cast<double>(dy[k] * ((xs[k] - mean) * scale)); });
        }
        const double sum_dy = dy_lanes.total(), sum_dy_xhat = dy_xhat_lanes.total();
        dgamma.data()[ch] = static_cast<float>(sum_dy_xhat);
        dbeta.data()[ch] = static_cast<float>(sum_dy);
        if (!want_dx) continue;
        const float k1 = gm[ch] * inv_std[ch];
        const float mean_dy = static_cast<float>(sum_dy / m), mean_dy_xhat = static_cast<float>(sum_dy_xhat / m);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t base = (i * c + ch) * area;
            const float* dy =
                plane_gradient(self.grad.data() + base, self.value().data() + base, relu, area, masked.data());
            float* d = dx.data() + base;
            if (training)
                for (std::size_t k = 0; k < area; ++k)
                    d[k] = k1 * (dy[k] - mean_dy - ((x[base + k] - mu[ch]) * inv_std[ch]) * mean_dy_xhat);
            else
                for (std::size_t k = 0; k < area; ++k) d[k] = k1 * dy[k];
        }
    }
    if (want_dx) self.inputs[0]->add_grad(std::move(dx));
    self.inputs[1]->add_grad(std::move(dgamma));
    self.inputs[2]->add_grad(std::move(dbeta));
}

Var batch_norm_op(const Var& x, const Var& gamma, const Var& beta, BatchNormState state, bool training, bool relu) {
    const Shape sx = x.shape();
    const BatchNormSizes sizes = batch_norm_sizes(sx, gamma, beta, state, training);
    std::vector<float> mu(sizes.c), inv_std(sizes.c);
    channel_statistics(x.value().data(), sizes, state, training, mu, inv_std);
    Tensor out = Tensor::from_shape(sx);
    normalise(x.value().data(), gamma.value().data(), beta.value().data(), sizes, training, relu, mu, inv_std, out);
    return x.tape().record(relu ? "batch_norm_relu" : "batch_norm", std::move(out), {x, gamma, beta},
                           [=, mu = std::move(mu), inv_std = std::move(inv_std)](Node& self) {
                               batch_norm_backward(self, sx, sizes, training, relu, mu, inv_std);
                           });
}

}  // namespace

// x (N, C[, H, W]), gamma, beta (C) -> y = gamma * (x - mu) / sqrt(var + eps) + beta
// Training: mu, var are the batch's per-channel mean and biased variance over N*H*W values,
// running stats move towards them (running_var with the unbiased estimate, as PyTorch).
// Eval: mu, var are the running statistics; y = scale * x + shift per channel, with
// scale = gamma * inv_std and shift = beta - mu * scale (one multiply-add per value).
// backward (training), with xhat = (x - mu) * inv_std and m = N*H*W:
//   dx = gamma * inv_std / m * (m dy - sum(dy) - xhat * sum(dy xhat))
//   dgamma = sum(dy xhat), dbeta = sum(dy)
// backward (eval): dx = gamma * inv_std * dy; dgamma, dbeta as above, only when asked for
// (attribution, the common eval use, binds gamma and beta without gradients).
Var batch_norm(const Var& x, const Var& gamma, const Var& beta, BatchNormState state, bool training) {
    return batch_norm_op(x, gamma, beta, state, training, false);
}

// relu(batch_norm(x)): y = max(batch_norm(x), 0); the backward is batch_norm's with dy zeroed
// where y is 0 (where relu's input was not positive).
Var batch_norm_relu(const Var& x, const Var& gamma, const Var& beta, BatchNormState state, bool training) {
    return batch_norm_op(x, gamma, beta, state, training, true);
}

}  // namespace agop
