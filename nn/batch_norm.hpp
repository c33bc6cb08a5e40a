#pragma once
// BatchNorm1d / BatchNorm2d: x (N, C) or (N, C, H, W) -> same shape, normalised per channel.
// Parameters weight (C) = 1 and bias (C) = 0; buffers running_mean (C) = 0 and
// running_var (C) = 1 (num_batches_tracked is not kept). Training mode uses the batch's
// statistics and updates the running ones (momentum 0.1); eval mode uses the running ones.

#include "nn/module.hpp"

namespace agop::nn {

class BatchNorm : public Module {
  public:
    // `spatial`: BatchNorm2d (inputs (N, C, H, W)); otherwise BatchNorm1d (inputs (N, C)).
    BatchNorm(std::size_t channels, bool spatial, float momentum = 0.1f, float eps = 1e-5f);
    Var forward(Tape& tape, const Var& x) override;
    // relu(forward(tape, x)) as one op with the same bits (batch_norm_relu); records no named
    // output, so a caller recording activations calls call() and relu() instead.
    Var forward_relu(Tape& tape, const Var& x);

    Parameter weight, bias;
    Tensor running_mean, running_var;
    bool spatial;
    float momentum, eps;
};

}  // namespace agop::nn
