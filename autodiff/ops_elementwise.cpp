// Elementwise ops: add, sub, mul (with broadcasting), scalar ops, relu, sigmoid, tanh.

#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include "autodiff/broadcast.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

namespace {

void require_same_tape(const char* op, const Var& a, const Var& b) {
    if (!a.defined() || !b.defined()) throw Error(std::string(op) + ": an operand is an undefined Var");
    if (&a.tape() != &b.tape()) throw Error(std::string(op) + ": operands belong to different tapes");
}

}  // namespace

Var add(const Var& a, const Var& b) {
    require_same_tape("add", a, b);
    const Shape sa = a.shape(), sb = b.shape();
    broadcast_shape("add", sa, sb);
    Tensor out = a.value() + b.value();
    return a.tape().record("add", std::move(out), {a, b}, [sa, sb](Node& self) {
        self.inputs[0]->add_grad(sum_to_shape(self.grad, sa));
        self.inputs[1]->add_grad(sum_to_shape(self.grad, sb));
    });
}

Var sub(const Var& a, const Var& b) {
    require_same_tape("sub", a, b);
    const Shape sa = a.shape(), sb = b.shape();
    broadcast_shape("sub", sa, sb);
    Tensor out = a.value() - b.value();
    return a.tape().record("sub", std::move(out), {a, b}, [sa, sb](Node& self) {
        self.inputs[0]->add_grad(sum_to_shape(self.grad, sa));
        self.inputs[1]->add_grad(sum_to_shape(Tensor(-self.grad), sb));
    });
}

Var mul(const Var& a, const Var& b) {
    require_same_tape("mul", a, b);
    const Shape sa = a.shape(), sb = b.shape();
    broadcast_shape("mul", sa, sb);
    Tensor out = a.value() * b.value();
    return a.tape().record("mul", std::move(out), {a, b}, [sa, sb](Node& self) {
        const Tensor& av = self.inputs[0]->value();
        const Tensor& bv = self.inputs[1]->value();
        if (self.inputs[0]->requires_grad) self.inputs[0]->add_grad(sum_to_shape(Tensor(self.grad * bv), sa));
        if (self.inputs[1]->requires_grad) self.inputs[1]->add_grad(sum_to_shape(Tensor(self.grad * av), sb));
    });
}

Var scale(const Var& x, float s) {
    Tensor out = x.value() * s;
    return x.tape().record("scale", std::move(out), {x},
                           [s](Node& self) { self.inputs[0]->add_grad(Tensor(self.grad * s)); });
}

Var add_scalar(const Var& x, float s) {
    Tensor out = x.value() + s;
    return x.tape().record("add_scalar", std::move(out), {x},
                           [](Node& self) { self.inputs[0]->add_grad(self.grad); });
}

// Plain loops: relu sits on every hot path (training, every attribution method).
Var relu(const Var& x) {
    const Tensor& xv = x.value();
    Tensor out = Tensor::from_shape(xv.shape());
    const float* in = xv.data();
    float* o = out.data();
    const std::size_t n = xv.size();
    for (std::size_t i = 0; i < n; ++i) o[i] = in[i] > 0.0f ? in[i] : 0.0f;
    return x.tape().record("relu", std::move(out), {x}, [](Node& self) {
        const Tensor& xv = self.inputs[0]->value();
        Tensor g = Tensor::from_shape(xv.shape());
        const float* in = xv.data();
        const float* go = self.grad.data();
        float* gi = g.data();
        const std::size_t n = xv.size();
        for (std::size_t i = 0; i < n; ++i) gi[i] = in[i] > 0.0f ? go[i] : 0.0f;
        self.inputs[0]->add_grad(std::move(g));
    });
}

Var sigmoid(const Var& x) {
    Tensor out = 1.0f / (1.0f + xt::exp(-x.value()));
    return x.tape().record("sigmoid", std::move(out), {x}, [](Node& self) {
        const Tensor& y = self.value();
        self.inputs[0]->add_grad(Tensor(self.grad * y * (1.0f - y)));
    });
}

Var tanh(const Var& x) {
    Tensor out = xt::tanh(x.value());
    return x.tape().record("tanh", std::move(out), {x}, [](Node& self) {
        const Tensor& y = self.value();
        self.inputs[0]->add_grad(Tensor(self.grad * (1.0f - y * y)));
    });
}

}  // namespace agop
