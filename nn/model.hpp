#pragma once
// Model: a Module that maps a batch of inputs to class logits and can describe itself.
//
// `architecture()` is the name and hyper-parameters as strings: what a checkpoint's
// `__metadata__` stores and what `make_model` (model_factory.hpp) rebuilds a model from.

#include <map>
#include <string>

#include "nn/module.hpp"

namespace agop::nn {

using Metadata = std::map<std::string, std::string>;

class Model : public Module {
  public:
    // {"architecture": "mlp", "input_dim": "20", ...}
    virtual Metadata architecture() const = 0;
    // The shape of one input sample: (d) for tabular models, (C, H, W) for images.
    virtual Shape input_shape() const = 0;
    virtual std::size_t num_classes() const = 0;
    // The activation Grad-CAM uses by default ("cnn_layers.9", "layer4"); empty if none.
    virtual std::string last_conv_layer() const { return ""; }
};

}  // namespace agop::nn
