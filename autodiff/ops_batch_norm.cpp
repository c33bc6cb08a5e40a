// Batch normalisation over (N, C) or (N, C, H, W), training and eval modes.

#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

// x (N, C[, H, W]), gamma, beta (C) -> y = gamma * (x - mu) / sqrt(var + eps) + beta
// Training: mu, var are the batch's per-channel mean and biased variance over N*H*W values,
// running stats move towards them (running_var with the unbiased estimate, as PyTorch).
// Eval: mu, var are the running statistics; y is then affine in x per channel.
// backward (training), with xhat = (x - mu) * inv_std and m = N*H*W:
//   dx = gamma * inv_std / m * (m dy - sum(dy) - xhat * sum(dy xhat))
//   dgamma = sum(dy xhat), dbeta = sum(dy)
// backward (eval): dx = gamma * inv_std * dy
Var batch_norm(const Var& x, const Var& gamma, const Var& beta, BatchNormState state, bool training) {
    const Shape sx = x.shape();
    if (sx.size() != 2 && sx.size() != 4) throw_shape_error("batch_norm", "expected (N, C) or (N, C, H, W)", sx);
    const std::size_t n = sx[0], c = sx[1], area = sx.size() == 4 ? sx[2] * sx[3] : 1;
    if (gamma.shape() != Shape{c} || beta.shape() != Shape{c})
        throw_shape_error("batch_norm", "gamma and beta must have shape (C)", sx, gamma.shape());
    if (!state.running_mean || !state.running_var || shape_of(*state.running_mean) != Shape{c} ||
        shape_of(*state.running_var) != Shape{c})
        throw_shape_error("batch_norm", "running mean and variance must be given with shape (C)", sx);
    const std::size_t m = n * area;
    if (training && m < 2) throw_shape_error("batch_norm", "training mode needs more than one value per channel", sx);

    std::vector<double> mu(c), var(c);
    const float* in = x.value().data();
    if (training) {
        for (std::size_t ch = 0; ch < c; ++ch) {
            double total = 0.0, total_sq = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                const float* plane = in + (i * c + ch) * area;
                for (std::size_t k = 0; k < area; ++k) total += plane[k];
            }
            mu[ch] = total / m;
            for (std::size_t i = 0; i < n; ++i) {
                const float* plane = in + (i * c + ch) * area;
                for (std::size_t k = 0; k < area; ++k) total_sq += (plane[k] - mu[ch]) * (plane[k] - mu[ch]);
            }
            var[ch] = total_sq / m;
            float& rm = state.running_mean->data()[ch];
            float& rv = state.running_var->data()[ch];
            rm = static_cast<float>((1.0 - state.momentum) * rm + state.momentum * mu[ch]);
            rv = static_cast<float>((1.0 - state.momentum) * rv + state.momentum * var[ch] * m / (m - 1));
        }
    } else {
        for (std::size_t ch = 0; ch < c; ++ch) {
            mu[ch] = state.running_mean->data()[ch];
            var[ch] = state.running_var->data()[ch];
        }
    }
    std::vector<float> inv_std(c);
    for (std::size_t ch = 0; ch < c; ++ch) inv_std[ch] = static_cast<float>(1.0 / std::sqrt(var[ch] + state.eps));

    Tensor xhat = Tensor::from_shape(sx);
    Tensor out = Tensor::from_shape(sx);
    const float* gm = gamma.value().data();
    const float* bt = beta.value().data();
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t ch = 0; ch < c; ++ch) {
            const std::size_t base = (i * c + ch) * area;
            for (std::size_t k = 0; k < area; ++k) {
                const float h = (in[base + k] - static_cast<float>(mu[ch])) * inv_std[ch];
                xhat.data()[base + k] = h;
                out.data()[base + k] = gm[ch] * h + bt[ch];
            }
        }
    return x.tape().record("batch_norm", std::move(out), {x, gamma, beta},
                           [=, xhat = std::move(xhat)](Node& self) {
        const float* dy = self.grad.data();
        const float* gm = self.inputs[1]->value().data();
        std::vector<double> sum_dy(c, 0.0), sum_dy_xhat(c, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t ch = 0; ch < c; ++ch) {
                const std::size_t base = (i * c + ch) * area;
                for (std::size_t k = 0; k < area; ++k) {
                    sum_dy[ch] += dy[base + k];
                    sum_dy_xhat[ch] += dy[base + k] * xhat.data()[base + k];
                }
            }
        if (self.inputs[0]->requires_grad) {
            Tensor dx = Tensor::from_shape(sx);
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t ch = 0; ch < c; ++ch) {
                    const std::size_t base = (i * c + ch) * area;
                    const float k1 = gm[ch] * inv_std[ch];
                    for (std::size_t k = 0; k < area; ++k) {
                        if (training)
                            dx.data()[base + k] = k1 * (dy[base + k] - static_cast<float>(sum_dy[ch] / m) -
                                                        xhat.data()[base + k] * static_cast<float>(sum_dy_xhat[ch] / m));
                        else
                            dx.data()[base + k] = k1 * dy[base + k];
                    }
                }
            self.inputs[0]->add_grad(std::move(dx));
        }
        Tensor dgamma = Tensor::from_shape({c}), dbeta = Tensor::from_shape({c});
        for (std::size_t ch = 0; ch < c; ++ch) {
            dgamma.data()[ch] = static_cast<float>(sum_dy_xhat[ch]);
            dbeta.data()[ch] = static_cast<float>(sum_dy[ch]);
        }
        self.inputs[1]->add_grad(std::move(dgamma));
        self.inputs[2]->add_grad(std::move(dbeta));
    });
}

}  // namespace agop
