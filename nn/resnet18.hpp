#pragma once
// ResNet-18 in torchvision's layout and names, for any number of input channels and classes
// and any input size >= 32x32:
//   conv1 7x7 stride 2 pad 3 (no bias) -> bn1 -> relu -> maxpool 3x3 stride 2 pad 1
//   -> layer1..layer4 (two BasicBlocks each; 64, 128, 256, 512 channels; layers 2-4 halve
//      the resolution in their first block, with a 1x1-conv+BN downsample)
//   -> avgpool (global) -> fc (512 -> C)
// x (N, in_channels, H, W) -> logits (N, C).
// Initialisation as torchvision: convs kaiming_normal_(fan_out, relu), BN weight 1 bias 0,
// fc PyTorch's Linear default.

#include <memory>
#include <vector>

#include "nn/basic_block.hpp"
#include "nn/linear.hpp"
#include "nn/model.hpp"
#include "nn/parameter_free_layers.hpp"

namespace agop::nn {

class ResNet18 : public Model {
  public:
    ResNet18(std::size_t in_channels, std::size_t classes, std::uint64_t seed);

    Var forward(Tape& tape, const Var& x) override;
    Metadata architecture() const override;
    // Nominal sample shape; any H, W >= 32 is accepted.
    Shape input_shape() const override { return {in_channels_, 32, 32}; }
    std::size_t num_classes() const override { return classes_; }
    std::string last_conv_layer() const override { return "layer4"; }

  private:
    std::size_t in_channels_, classes_;
    Rng rng_;  // consumed in construction order, before the members below are built

  public:
    Conv2d conv1;
    BatchNorm bn1;
    ReLU relu;
    MaxPool2d maxpool;
    Sequential layer1, layer2, layer3, layer4;
    GlobalAvgPool avgpool;
    Linear fc;
};

}  // namespace agop::nn
