#pragma once
// CNN8by8, the XAI-TRIS model for 1x8x8 images (papers.md Part B §3.4), with its names:
//   cnn_layers:  0 Conv2d(1->4, k2, p1)  1 ReLU  2 MaxPool(2)     8x8 -> 9x9 -> 4x4
//                3 Conv2d(4->4, k2, p1)  4 ReLU  5 MaxPool(2)     4x4 -> 5x5 -> 2x2
//                6 Conv2d(4->4, k2, p1)  7 ReLU  8 MaxPool(2)     2x2 -> 3x3 -> 1x1
//                9 Conv2d(4->4, k2, p1) 10 ReLU 11 MaxPool(2)     1x1 -> 2x2 -> 1x1
//   flatten (N, 4) -> linear_layers.0 Linear(4 -> C) -> logits (N, C)
// 234 parameters for C = 2. Returns logits; `output_probabilities` appends the softmax of
// the reference code (whose cross-entropy then applies a second log-softmax).
// Weights are Kaiming-normal (N(0, 2/fan_in)) as XAI-TRIS's init_he_normal; biases keep
// PyTorch's default uniform init.

#include "nn/model.hpp"
#include "nn/parameter_free_layers.hpp"
#include "nn/sequential.hpp"

namespace agop::nn {

class Cnn8by8 : public Model {
  public:
    explicit Cnn8by8(std::uint64_t seed, std::size_t classes = 2, bool output_probabilities = false);

    Var forward(Tape& tape, const Var& x) override;
    Metadata architecture() const override;
    Shape input_shape() const override { return {1, 8, 8}; }
    std::size_t num_classes() const override { return classes_; }
    std::string last_conv_layer() const override { return "cnn_layers.9"; }

    Sequential cnn_layers;
    Flatten flatten;
    Sequential linear_layers;

  private:
    std::size_t classes_;
    bool output_probabilities_;
};

}  // namespace agop::nn
