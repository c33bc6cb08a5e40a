#pragma once
// MLP: x (N, d) -> fc1 -> ReLU -> fc2 -> ReLU -> ... -> fc{k} -> logits (N, C).
// Widths default to the tabular paper's d -> 64 -> 64 -> C. Layers are named fc1, fc2, ...
// ("fc1.weight" (64, d)); ReLU layers relu1, relu2, ...

#include <memory>
#include <vector>

#include "nn/linear.hpp"
#include "nn/model.hpp"
#include "nn/parameter_free_layers.hpp"

namespace agop::nn {

class Mlp : public Model {
  public:
    Mlp(std::size_t input_dim, std::size_t classes, std::vector<std::size_t> hidden, std::uint64_t seed);
    Mlp(std::size_t input_dim, std::size_t classes, std::uint64_t seed) : Mlp(input_dim, classes, {64, 64}, seed) {}

    Var forward(Tape& tape, const Var& x) override;
    Metadata architecture() const override;
    Shape input_shape() const override { return {input_dim_}; }
    std::size_t num_classes() const override { return classes_; }
    // The hidden widths, input side first.
    const std::vector<std::size_t>& hidden_widths() const { return hidden_; }

  private:
    std::size_t input_dim_, classes_;
    std::vector<std::size_t> hidden_;
    std::vector<std::unique_ptr<Linear>> linears_;
    std::vector<std::unique_ptr<ReLU>> relus_;
};

}  // namespace agop::nn
