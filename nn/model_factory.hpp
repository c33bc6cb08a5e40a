#pragma once
// Builds a model from its architecture metadata (as Model::architecture() writes it and a
// checkpoint stores it): "mlp" (input_dim, classes, hidden "64,64"), "cnn8by8" (classes,
// output_probabilities), "resnet18" (in_channels, classes). Missing optional keys take
// the defaults; unknown architectures and malformed numbers throw agop::Error.

#include <cstdint>
#include <memory>

#include "nn/model.hpp"

namespace agop::nn {

std::unique_ptr<Model> make_model(const Metadata& architecture, std::uint64_t seed = 0);

}  // namespace agop::nn
