#pragma once
// Explaining the engine's own models: wraps an nn::Model as the ExplainedModel every method
// takes (explained_model.hpp).

#include "attribution/explained_model.hpp"
#include "nn/model.hpp"

namespace agop {

// Puts `model` in eval mode with frozen parameters (no weight gradients are computed while
// explaining) and returns its logits, and its named activations for Grad-CAM (an empty layer
// name means model.last_conv_layer()). The model must outlive the returned value.
ExplainedModel explained_model(nn::Model& model, std::size_t max_batch_rows = 8192);

}  // namespace agop
