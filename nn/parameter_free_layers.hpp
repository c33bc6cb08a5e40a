#pragma once
// The layers without parameters: thin modules over one op each, so that they have a name
// in a model ("features.1") and can be recorded as activations.

#include "autodiff/rng.hpp"
#include "nn/module.hpp"

namespace agop::nn {

// max(x, 0), any shape.
class ReLU : public Module {
  public:
    Var forward(Tape& tape, const Var& x) override;
};

// (N, ...) -> (N, product of the rest).
class Flatten : public Module {
  public:
    Var forward(Tape& tape, const Var& x) override;
};

// Training mode: zeroes each element with probability p and scales the rest by 1/(1-p),
// with masks drawn from its own Rng seeded at construction. Eval mode: identity.
class Dropout : public Module {
  public:
    Dropout(float p, std::uint64_t seed);
    Var forward(Tape& tape, const Var& x) override;
    // Restarts the mask sequence (reproducible forward passes, gradient checks).
    void reseed(std::uint64_t seed) { rng_ = Rng(seed); }

    float p;

  private:
    Rng rng_;
};

// What a 2-d pooling layer slides over its input: a kernel x kernel window, its stride and the
// padding on every side.
class Pool2dWindow : public Module {
  public:
    Pool2dWindow(std::size_t kernel, std::size_t stride, std::size_t padding = 0)
        : kernel(kernel), stride(stride), padding(padding) {}
    std::size_t kernel, stride, padding;
};

// x (N, C, H, W) -> (N, C, OH, OW); padding counts as -inf.
class MaxPool2d : public Pool2dWindow {
  public:
    using Pool2dWindow::Pool2dWindow;
    Var forward(Tape& tape, const Var& x) override;
};

// x (N, C, H, W) -> (N, C, OH, OW); padding counts as 0 (count_include_pad=True).
class AvgPool2d : public Pool2dWindow {
  public:
    using Pool2dWindow::Pool2dWindow;
    Var forward(Tape& tape, const Var& x) override;
};

// AdaptiveAvgPool2d((1, 1)) followed by a flatten: x (N, C, H, W) -> (N, C).
class GlobalAvgPool : public Module {
  public:
    Var forward(Tape& tape, const Var& x) override;
};

}  // namespace agop::nn
