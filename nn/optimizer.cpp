#include "nn/optimizer.hpp"

#include <cmath>

#include "autodiff/error.hpp"

namespace agop::nn {

namespace {
// A parameter's gradient, or an error if no backward pass reached it and zero_grad was not called.
const float* gradient_of(const Parameter& p, std::size_t index) {
    if (shape_of(p.grad) != shape_of(p.value))
        throw Error("optimizer step: parameter " + std::to_string(index) + " " + shape_string(p.value) +
                    " has no gradient of its shape (got " + shape_string(p.grad) +
                    "); call zero_grad before the backward pass");
    return p.grad.data();
}
}  // namespace

Optimizer::Optimizer(std::vector<Parameter*> parameters, float lr) : parameters_(std::move(parameters)), lr_(lr) {
    if (!(lr >= 0.0f)) throw Error("optimizer: the learning rate must be >= 0, got " + std::to_string(lr));
}

void Optimizer::zero_grad() {
    for (auto* p : parameters_) {
        if (shape_of(p->grad) != shape_of(p->value))
            p->grad = xt::zeros<float>(p->value.shape());
        else
            std::fill(p->grad.begin(), p->grad.end(), 0.0f);
    }
}

Sgd::Sgd(std::vector<Parameter*> parameters, const SgdOptions& options)
    : Optimizer(std::move(parameters), options.lr), options_(options) {
    if (options.nesterov && (options.momentum <= 0.0f || options.dampening != 0.0f))
        throw Error("Sgd: Nesterov momentum requires momentum > 0 and dampening 0");
}

void Sgd::step() {
    const bool first = momentum_buffers_.empty() && options_.momentum != 0.0f;
    if (first) momentum_buffers_.resize(parameters_.size());
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
        Parameter& p = *parameters_[i];
        const float* grad = gradient_of(p, i);
        float* value = p.value.data();
        const std::size_t n = p.value.size();
        float* buffer = nullptr;
        if (options_.momentum != 0.0f) {
            if (first) momentum_buffers_[i] = Tensor::from_shape(p.value.shape());
            buffer = momentum_buffers_[i].data();
        }
        for (std::size_t k = 0; k < n; ++k) {
            float g = grad[k] + options_.weight_decay * value[k];
            if (buffer) {
                buffer[k] = first ? g : options_.momentum * buffer[k] + (1.0f - options_.dampening) * g;
                g = options_.nesterov ? g + options_.momentum * buffer[k] : buffer[k];
            }
            value[k] -= lr_ * g;
        }
    }
}

Adam::Adam(std::vector<Parameter*> parameters, const AdamOptions& options)
    : Optimizer(std::move(parameters), options.lr), options_(options) {
    if (!(options.beta1 >= 0.0f && options.beta1 < 1.0f && options.beta2 >= 0.0f && options.beta2 < 1.0f))
        throw Error("Adam: betas must lie in [0, 1)");
    for (auto* p : parameters_) {
        m_.push_back(xt::zeros<float>(p->value.shape()));
        v_.push_back(xt::zeros<float>(p->value.shape()));
    }
}

void Adam::step() {
    ++steps_;
    const double correction1 = 1.0 - std::pow(static_cast<double>(options_.beta1), steps_);
    const double correction2 = 1.0 - std::pow(static_cast<double>(options_.beta2), steps_);
    const float step_size = static_cast<float>(lr_ / correction1);
    const float sqrt_correction2 = static_cast<float>(std::sqrt(correction2));
    const float b1 = options_.beta1, b2 = options_.beta2, wd = options_.weight_decay;
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
        Parameter& p = *parameters_[i];
        const float* grad = gradient_of(p, i);
        float* value = p.value.data();
        float* m = m_[i].data();
        float* v = v_[i].data();
        for (std::size_t k = 0; k < p.value.size(); ++k) {
            float g = grad[k];
            if (options_.decoupled_weight_decay)
                value[k] *= 1.0f - lr_ * wd;
            else
                g += wd * value[k];
            m[k] = b1 * m[k] + (1.0f - b1) * g;
            v[k] = b2 * v[k] + (1.0f - b2) * g * g;
            value[k] -= step_size * m[k] / (std::sqrt(v[k]) / sqrt_correction2 + options_.eps);
        }
    }
}

}  // namespace agop::nn
