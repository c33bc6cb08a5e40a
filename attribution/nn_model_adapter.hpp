#pragma once
// Explaining the engine's own models: wraps an nn::Model as the ExplainedModel every method
// takes (explained_model.hpp).

#include "attribution/explained_model.hpp"
#include "nn/model.hpp"

namespace agop {

// Puts `model` in eval mode with frozen parameters (no weight gradients are computed while
// explaining) and returns its logits, and its named activations for Grad-CAM (an empty layer
// name means model.last_conv_layer()). The model must outlive the returned value.
// For an nn::Mlp, passes hold at most the rows whose widest activation fits in
// kMlpActivationBytes (1,024 rows of a 64-wide MLP), if that is fewer than max_batch_rows,
// and its dense_layers are given (its fc1, fc2, ... as they are at each call).
ExplainedModel explained_model(nn::Model& model, std::size_t max_batch_rows = 8192);

// An MLP's forward and backward pass at tabular widths is memory-bound, not sgemm-bound:
// pieces whose activations stay in the L2 cache are faster. Measured with `agop bench`
// (MLP 20-64-64-3, 1 thread, CPU time of T3 / T4): 8,192-row pieces 90 / 107 ms, 4,096-row
// 77 / 92 ms, 1,024-row 71 / 85 ms, 512-row 70 / 85 ms.
constexpr std::size_t kMlpActivationBytes = 256 * 1024;

}  // namespace agop
