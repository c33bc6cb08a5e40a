#pragma once
// Module: a layer or model with named parameters, buffers and sub-modules.
//
// Names follow PyTorch's state dict ("fc1.weight", "layer1.0.conv1.weight",
// "bn1.running_mean") and tensors keep PyTorch's layouts (Linear weight (out, in), Conv2d
// weight (out, in, kh, kw)), so weights move between the engines without renaming.
//
// A forward pass binds each parameter to the tape without copying
// (`tape.parameter(value, &grad)`), so after `tape.backward` every parameter's gradient has
// been added into its `grad`. Sub-modules are run through `call`, which records their
// output under their state-dict path when the caller asks for activations (Grad-CAM needs
// the output of a named conv layer).

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "autodiff/tape.hpp"

namespace agop::nn {

// A trainable tensor and the gradient the tape adds into.
struct Parameter {
    Tensor value;
    Tensor grad;  // same shape as value once a backward pass reached it (or after zero_grad)
};

// Outputs of sub-modules by state-dict path ("features.9", "layer4").
using Activations = std::map<std::string, Var>;

class Module {
  public:
    Module() = default;
    virtual ~Module() = default;
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;

    // The layer's computation: x -> output, shapes as stated by each layer.
    virtual Var forward(Tape& tape, const Var& x) = 0;

    // forward(), recording the output under this module's path when activations are recorded.
    Var call(Tape& tape, const Var& x);
    // forward() on the whole tree, storing the output of every sub-module (at every depth)
    // in `activations` under its path. The recording is held by the tape, not the layers:
    // forwards on several tapes may record at once.
    Var forward_recording(Tape& tape, const Var& x, Activations& activations);
    // forward() with the parameters replaced by `parameter_vars`, in named_parameters()
    // order (PyTorch's functional_call): gradients then flow to those variables, which is
    // how the finite-difference checker tests a layer's parameter gradients.
    Var forward_with_parameters(Tape& tape, const Var& x, const std::vector<Var>& parameter_vars);

    // Eval-mode, no-grad forward in batches of `batch_size` rows: x (N, ...) -> (N, outputs).
    // The training mode is restored afterwards.
    Tensor predict(const Tensor& x, std::size_t batch_size = 256);

    // Training mode (batch statistics, dropout) or eval mode, for the whole tree.
    void train(bool training = true);
    void eval() { train(false); }
    bool training() const { return training_; }

    // Whether forward passes bind parameters with a gradient sink (PyTorch's requires_grad_).
    // Off, parameters are constants on the tape: input gradients cost no weight gradients.
    void set_requires_grad(bool requires);
    bool requires_grad() const { return requires_grad_; }

    // Every parameter / buffer of the tree with its full name, in registration order.
    std::vector<std::pair<std::string, Parameter*>> named_parameters();
    std::vector<std::pair<std::string, Tensor*>> named_buffers();
    // Parameters' values then buffers, by full name: what a checkpoint stores.
    std::vector<std::pair<std::string, Tensor*>> state();
    std::vector<Parameter*> parameters();
    std::size_t parameter_count();
    // Sets every parameter's gradient to zeros of its shape.
    void zero_grad();

    // This module's state-dict path ("" for the root, "layer1.0" for a block).
    const std::string& path() const { return path_; }

  protected:
    // Registration, in the constructor of a derived module; the objects must live as long
    // as the module (members of it).
    void register_parameter(const std::string& name, Parameter& parameter);
    void register_buffer(const std::string& name, Tensor& buffer);
    void register_module(const std::string& name, Module& child);
    // The tape variable of a parameter for this forward pass.
    Var bind(Tape& tape, Parameter& parameter) const;

  private:
    void set_path(const std::string& path);
    void set_substitutes(const std::map<const Parameter*, Var>* substitutes);

    std::vector<std::pair<std::string, Parameter*>> parameters_;
    std::vector<std::pair<std::string, Tensor*>> buffers_;
    std::vector<std::pair<std::string, Module*>> children_;
    std::string path_;
    const std::map<const Parameter*, Var>* substitutes_ = nullptr;
    bool training_ = true;
    bool requires_grad_ = true;
};

// Restores a module's training mode and requires-grad flag on scope exit.
class ModeGuard {
  public:
    explicit ModeGuard(Module& module)
        : module_(module), training_(module.training()), requires_grad_(module.requires_grad()) {}
    ~ModeGuard() {
        module_.train(training_);
        module_.set_requires_grad(requires_grad_);
    }
    ModeGuard(const ModeGuard&) = delete;
    ModeGuard& operator=(const ModeGuard&) = delete;

  private:
    Module& module_;
    bool training_;
    bool requires_grad_;
};

}  // namespace agop::nn
