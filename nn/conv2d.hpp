#pragma once
// Conv2d: x (N, in, H, W) -> (N, out, OH, OW), OH = (H + 2 padding - kernel) / stride + 1.
// weight (out, in, kernel, kernel), bias (out), as nn.Conv2d (square kernel, symmetric
// padding), initialised as PyTorch does by default.

#include "autodiff/rng.hpp"
#include "nn/module.hpp"

namespace agop::nn {

struct Conv2dShape {
    std::size_t in_channels, out_channels, kernel;
    std::size_t stride = 1, padding = 0;
    bool bias = true;
};

class Conv2d : public Module {
  public:
    Conv2d(const Conv2dShape& shape, Rng& rng);
    Var forward(Tape& tape, const Var& x) override;

    Parameter weight;
    Parameter bias;  // empty (and not registered) without bias
    Conv2dShape shape;
};

}  // namespace agop::nn
