#pragma once
// The analytic cost of ResNet-18 (nn/resnet18.hpp), for R1's GFLOP/s.

#include <cstddef>

namespace agop::bench {

// Multiply-accumulates of one forward pass of one image (channels, height, width): every
// convolution and the final linear layer. Batch norm, ReLU, pooling and the residual adds
// are not counted (as in torchvision's 1.81 "GFLOPS" at 3x224x224, which are these MACs).
double resnet18_forward_macs(std::size_t channels, std::size_t height, std::size_t width, std::size_t classes);

}  // namespace agop::bench
