#pragma once
// BasicBlock of ResNet-18/34 (torchvision layout):
//   out = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))
// conv1 3x3 stride s, conv2 3x3 stride 1, both without bias; shortcut = identity, or
// downsample = Sequential(1x1 conv stride s without bias, BatchNorm2d) when the stride or
// the channel count changes. x (N, in, H, W) -> (N, out, H/s, W/s).

#include <memory>

#include "autodiff/rng.hpp"
#include "nn/batch_norm.hpp"
#include "nn/conv2d.hpp"
#include "nn/sequential.hpp"

namespace agop::nn {

class BasicBlock : public Module {
  public:
    BasicBlock(std::size_t in_channels, std::size_t out_channels, std::size_t stride, Rng& rng);
    Var forward(Tape& tape, const Var& x) override;
    bool has_downsample() const { return downsample != nullptr; }

    Conv2d conv1;
    BatchNorm bn1;
    Conv2d conv2;
    BatchNorm bn2;
    std::unique_ptr<Sequential> downsample;  // null for the identity shortcut
};

}  // namespace agop::nn
