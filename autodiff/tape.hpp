#pragma once
// Reverse-mode automatic differentiation on a tape (a Wengert list).
//
// A `Tape` records, for one forward pass, every op whose result needs a gradient: its
// inputs, its output value and a backward function. `Tape::backward(output, seed)`
// walks that list once in reverse order; each backward function reads the gradient of
// its op's output and adds the gradients of its inputs, so a value used twice receives
// the sum of both contributions.
//
// Values are handled through `Var`, a cheap reference to a node. Nodes are shared:
// a node lives as long as a Var or a later node refers to it, so in no-grad mode (or
// for values that need no gradient) nothing is kept beyond what the caller holds.
//
//   Tape tape;
//   Var x = tape.input(images);               // leaf; its gradient is wanted
//   Var w = tape.parameter(weight, &weight_grad);
//   Var y = relu(conv2d(x, w, Var(), 1, 1));
//   tape.backward(y, seed);                   // x.grad() now holds dL/dx
//
// A backward rule can be replaced per tape by op name (`override_backward`): this is
// how DeepLIFT's rescale rule replaces ReLU's gradient without a second engine.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

class Tape;

// One value on the tape. Ops create nodes through Tape::record; users hold Vars.
struct Node {
    const char* op = "leaf";
    Tape* tape = nullptr;
    bool requires_grad = false;
    std::vector<std::shared_ptr<Node>> inputs;  // only kept when requires_grad
    std::function<void(Node&)> backward;        // adds d(out)/d(inputs) into inputs' grads
    Tensor grad;                                // meaningful only when has_grad()
    Tensor* grad_sink = nullptr;                // parameters: where backward adds the final grad

    const Tensor& value() const { return external_ ? *external_ : owned_; }
    // Adds `g` to this node's gradient (allocating it on first use) if it needs one.
    void add_grad(const Tensor& g);
    void add_grad(Tensor&& g);
    bool has_grad() const { return has_grad_; }
    void clear_grad() {
        grad = Tensor();
        has_grad_ = false;
    }

    Tensor owned_;
    const Tensor* external_ = nullptr;  // parameters are bound without a copy
    bool has_grad_ = false;
};

// A handle to a node: what ops take and return.
class Var {
  public:
    Var() = default;
    explicit Var(std::shared_ptr<Node> node) : node_(std::move(node)) {}

    bool defined() const { return node_ != nullptr; }
    const Tensor& value() const { return node_->value(); }
    // The gradient from the last Tape::backward. Throws if none reached this value.
    const Tensor& grad() const;
    bool has_grad() const { return node_->has_grad(); }
    Shape shape() const { return shape_of(node_->value()); }
    bool requires_grad() const { return node_->requires_grad; }
    Tape& tape() const { return *node_->tape; }
    const std::shared_ptr<Node>& node() const { return node_; }

  private:
    std::shared_ptr<Node> node_;
};

using BackwardRule = std::function<void(Node&)>;

class Tape {
  public:
    Tape() = default;
    Tape(const Tape&) = delete;
    Tape& operator=(const Tape&) = delete;

    // A leaf whose gradient is wanted (an input to attribute, for example).
    Var input(Tensor value, bool requires_grad = true);
    // A leaf that never needs a gradient.
    Var constant(Tensor value);
    // A parameter bound without copying: `value` must outlive the tape. After backward its
    // gradient is added into *grad_sink (if not null and a gradient reached it).
    Var parameter(const Tensor& value, Tensor* grad_sink);

    // Records an op's result. If gradients are disabled or no input requires one, the node
    // keeps only its value (no inputs, no backward) and is not put on the list.
    Var record(const char* op, Tensor value, std::vector<Var> inputs, BackwardRule backward);

    // Reverse sweep from `output` seeded with `seed` (same shape as output's value).
    // Each sweep starts from cleared node gradients, so a tape can be swept several times
    // (one seed per output class, say); parameter sinks accumulate across sweeps.
    void backward(const Var& output, const Tensor& seed);
    // Reverse sweep seeded with ones (for a scalar loss).
    void backward(const Var& output);
    // As backward(output, seed), but the walk ends on reaching `stop_at`: its gradient is then
    // complete, since every node that uses a value is recorded after it. The rules of stop_at
    // and of the nodes recorded before it do not run (Grad-CAM wants a layer's gradient, not
    // the input's). A stop_at that is not on the tape (needs no gradient) ends nothing.
    void backward(const Var& output, const Tensor& seed, const Var& stop_at);

    // Replaces the backward function of every node whose op is `op` on this tape.
    void override_backward(const std::string& op, BackwardRule rule);
    void clear_overrides() { overrides_.clear(); }

    bool grad_enabled() const { return grad_enabled_; }
    void set_grad_enabled(bool enabled) { grad_enabled_ = enabled; }

    // Number of recorded nodes (leaves included).
    std::size_t size() const { return nodes_.size(); }

    // Where outputs of named layers are stored by name during a forward on this tape
    // (nn::Module::call records sub-modules' outputs by state-dict path); null: nowhere. Held
    // by the tape, not the layers, so that forwards on several tapes record side by side.
    void set_named_outputs(std::map<std::string, Var>* outputs) { named_outputs_ = outputs; }
    std::map<std::string, Var>* named_outputs() const { return named_outputs_; }

    // Whether layers may record one fused op in place of several with the same bits (batch
    // norm with ReLU, ReLU with max-pool): not while outputs are recorded by name, and not
    // while a backward rule is overridden (DeepSHAP's rescale rules apply to each op apart).
    bool allows_fused_ops() const { return named_outputs_ == nullptr && overrides_.empty(); }

  private:
    void sweep(const Var& output, const Tensor& seed, const Node* stop_at);

    std::vector<std::shared_ptr<Node>> nodes_;
    std::map<std::string, BackwardRule> overrides_;
    bool grad_enabled_ = true;
    std::map<std::string, Var>* named_outputs_ = nullptr;
};

// Disables recording on a tape for the lifetime of the guard (inference, evaluation).
class NoGradGuard {
  public:
    explicit NoGradGuard(Tape& tape) : tape_(tape), previous_(tape.grad_enabled()) {
        tape.set_grad_enabled(false);
    }
    ~NoGradGuard() { tape_.set_grad_enabled(previous_); }
    NoGradGuard(const NoGradGuard&) = delete;
    NoGradGuard& operator=(const NoGradGuard&) = delete;

  private:
    Tape& tape_;
    bool previous_;
};

}  // namespace agop
