#pragma once
// Linear: x (N, in) -> x W^T + b (N, out). weight (out, in), bias (out), as nn.Linear,
// initialised as PyTorch does by default.

#include "autodiff/rng.hpp"
#include "nn/module.hpp"

namespace agop::nn {

class Linear : public Module {
  public:
    Linear(std::size_t in_features, std::size_t out_features, bool bias, Rng& rng);
    Var forward(Tape& tape, const Var& x) override;

    Parameter weight;
    Parameter bias;  // empty (and not registered) without bias
    bool has_bias;
};

}  // namespace agop::nn
