#include "attribution/deeplift_rules.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// What `self`'s own recorded backward would send to its first input for the output
// gradient `grad_out`, computed on a stand-in node so the tape is not touched. This is
// how the rules reuse the op's ordinary gradient and max-pool's recorded argmax routing.
Tensor recorded_input_gradient(const Node& self, Tensor grad_out) {
    auto input = std::make_shared<Node>();
    input->requires_grad = true;
    input->external_ = &self.inputs[0]->value();
    Node stand_in;
    stand_in.op = self.op;
    stand_in.external_ = &self.value();
    stand_in.inputs = {input};
    stand_in.grad = std::move(grad_out);
    self.backward(stand_in);
    if (!input->has_grad()) return xt::zeros<float>(self.inputs[0]->value().shape());
    return std::move(input->grad);
}

std::size_t pair_half(const char* op, const Tensor& value) {
    if (value.dimension() == 0 || value.shape()[0] % 2 != 0)
        throw_shape_error(std::string("rescale rule (") + op + ")",
                          "the batch must hold (input, reference) pairs: an even number of rows", shape_of(value));
    return value.size() / 2;
}

// m = Δy / Δx on each pair; both halves get grad * m.
void rescale_elementwise(Node& self) {
    const Tensor& x = self.inputs[0]->value();
    const Tensor& y = self.value();
    const std::size_t half = pair_half(self.op, x);
    const Tensor ordinary = recorded_input_gradient(self, self.grad);
    Tensor g = Tensor::from_shape(x.shape());
    const float *xv = x.data(), *yv = y.data(), *go = self.grad.data(), *ord = ordinary.data();
    float* gi = g.data();
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(half); ++i) {
        const std::size_t r = i + half;
        const float dx = xv[i] - xv[r];
        if (std::abs(dx) < 1e-6f) {
            gi[i] = ord[i];
            gi[r] = ord[r];
        } else {
            const float m = (yv[i] - yv[r]) / dx;
            gi[i] = go[i] * m;
            gi[r] = go[r] * m;
        }
    }
    self.inputs[0]->add_grad(std::move(g));
}

void rescale_max_pool(Node& self) {
    const Tensor& x = self.inputs[0]->value();
    const Tensor& y = self.value();
    const std::size_t half_in = pair_half(self.op, x), half_out = y.size() / 2;
    Tensor routed = Tensor::from_shape(y.shape());
    const float *yv = y.data(), *go = self.grad.data();
    for (std::size_t o = 0; o < half_out; ++o) {
        const float cross_max = std::max(yv[o], yv[o + half_out]);
        routed.data()[o] = go[o] * (cross_max - yv[o + half_out]);
        routed.data()[o + half_out] = go[o + half_out] * (yv[o] - cross_max);
    }
    const Tensor unpooled = recorded_input_gradient(self, std::move(routed));
    Tensor g = Tensor::from_shape(x.shape());
    const float *xv = x.data(), *u = unpooled.data();
    float* gi = g.data();
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(half_in); ++i) {
        const std::size_t r = i + half_in;
        const float dx = xv[i] - xv[r];
        gi[i] = gi[r] = std::abs(dx) < 1e-7f ? 0.0f : (u[i] + u[r]) / dx;
    }
    self.inputs[0]->add_grad(std::move(g));
}

}  // namespace

void use_rescale_rules(Tape& tape) {
    for (const char* op : {"relu", "sigmoid", "tanh"}) tape.override_backward(op, rescale_elementwise);
    tape.override_backward("max_pool2d", rescale_max_pool);
}

}  // namespace agop
