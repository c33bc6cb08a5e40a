#include "autodiff/tape.hpp"

#include <algorithm>

#include "autodiff/error.hpp"

namespace agop {

void Node::add_grad(const Tensor& g) {
    if (!requires_grad) return;
    if (!has_grad_) {
        grad = g;
        has_grad_ = true;
        return;
    }
    float* dst = grad.data();
    const float* src = g.data();
    const std::size_t n = grad.size();
    for (std::size_t i = 0; i < n; ++i) dst[i] += src[i];
}

void Node::add_grad(Tensor&& g) {
    if (!requires_grad) return;
    if (!has_grad_) {
        grad = std::move(g);
        has_grad_ = true;
        return;
    }
    add_grad(static_cast<const Tensor&>(g));
}

const Tensor& Var::grad() const {
    if (!node_->has_grad())
        throw Error(std::string("Var::grad: no gradient reached this value (op '") + node_->op +
                    "'); was it used in the output passed to Tape::backward, and does it require a gradient?");
    return node_->grad;
}

Var Tape::input(Tensor value, bool requires_grad) {
    auto node = std::make_shared<Node>();
    node->tape = this;
    node->owned_ = std::move(value);
    node->requires_grad = requires_grad && grad_enabled_;
    if (node->requires_grad) nodes_.push_back(node);
    return Var(node);
}

Var Tape::constant(Tensor value) { return input(std::move(value), false); }

Var Tape::parameter(const Tensor& value, Tensor* grad_sink) {
    auto node = std::make_shared<Node>();
    node->tape = this;
    node->external_ = &value;
    node->grad_sink = grad_sink;
    node->requires_grad = grad_enabled_ && grad_sink != nullptr;
    if (node->requires_grad) nodes_.push_back(node);
    return Var(node);
}

Var Tape::record(const char* op, Tensor value, std::vector<Var> inputs, BackwardRule backward) {
    auto node = std::make_shared<Node>();
    node->tape = this;
    node->op = op;
    node->owned_ = std::move(value);
    const bool any_input_needs_grad =
        std::any_of(inputs.begin(), inputs.end(), [](const Var& v) { return v.defined() && v.requires_grad(); });
    if (grad_enabled_ && any_input_needs_grad) {
        node->requires_grad = true;
        node->inputs.reserve(inputs.size());
        for (auto& v : inputs) node->inputs.push_back(v.node());
        node->backward = std::move(backward);
        nodes_.push_back(node);
    }
    return Var(node);
}

void Tape::backward(const Var& output, const Tensor& seed) { sweep(output, seed, nullptr); }

void Tape::backward(const Var& output, const Tensor& seed, const Var& stop_at) {
    sweep(output, seed, stop_at.defined() ? stop_at.node().get() : nullptr);
}

void Tape::sweep(const Var& output, const Tensor& seed, const Node* stop_at) {
    if (!output.defined()) throw Error("Tape::backward: the output is an undefined Var");
    if (shape_of(seed) != output.shape())
        throw_shape_error("Tape::backward", "seed must have the output's shape", shape_of(seed), output.shape());
    if (!output.requires_grad())
        throw Error("Tape::backward: the output does not depend on any value that requires a gradient");
    for (auto& node : nodes_) node->clear_grad();
    Node& out = *output.node();
    out.add_grad(seed);
    for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it) {
        Node& node = **it;
        if (&node == stop_at) break;
        if (!node.has_grad()) continue;
        if (node.backward) {
            auto rule = overrides_.find(node.op);
            if (rule != overrides_.end())
                rule->second(node);
            else
                node.backward(node);
        }
        if (node.grad_sink) {
            Tensor& sink = *node.grad_sink;
            if (shape_of(sink) != shape_of(node.grad)) sink = xt::zeros<float>(node.grad.shape());
            float* dst = sink.data();
            const float* src = node.grad.data();
            for (std::size_t i = 0; i < sink.size(); ++i) dst[i] += src[i];
        }
    }
}

void Tape::backward(const Var& output) {
    backward(output, filled(output.shape(), 1.0f));
}

void Tape::override_backward(const std::string& op, BackwardRule rule) { overrides_[op] = std::move(rule); }

}  // namespace agop
