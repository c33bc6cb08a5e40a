#pragma once
// Every differentiable op of agop. Each op computes its forward value and records, right
// there, the backward function that maps the output's gradient to its inputs' gradients
// (the micrograd/llm.c habit: forward and backward side by side, in one file per family).
//
// Shapes: N batch, C channels/classes, H/W height/width, D features.
// Shape errors throw agop::Error naming the op and the shapes involved.

#include <cstddef>
#include <vector>

#include "autodiff/rng.hpp"
#include "autodiff/tape.hpp"

namespace agop {

// ---- elementwise (ops_elementwise.cpp) -------------------------------------------------
// a + b, a - b, a * b with NumPy broadcasting (b may be a bias of shape (C) against
// (N, C), a (1, C, 1, 1) against (N, C, H, W), and so on). The gradient of a broadcast
// operand is summed back over the broadcast axes.
Var add(const Var& a, const Var& b);
Var sub(const Var& a, const Var& b);
Var mul(const Var& a, const Var& b);
// x * s and x + s for a scalar s.
Var scale(const Var& x, float s);
Var add_scalar(const Var& x, float s);
Var relu(const Var& x);
Var sigmoid(const Var& x);
Var tanh(const Var& x);

// ---- linear algebra (ops_matmul.cpp) ---------------------------------------------------
// a (M, K) x b (K, N) -> (M, N), through the backend's sgemm.
Var matmul(const Var& a, const Var& b);
// x (N, in), weight (out, in) [PyTorch layout], bias (out) or undefined -> (N, out).
Var linear(const Var& x, const Var& weight, const Var& bias);

// ---- reductions (ops_reduce.cpp) -------------------------------------------------------
// Sum / mean of every element -> a scalar of shape ().
Var sum(const Var& x);
Var mean(const Var& x);
// Sum over one axis (the axis is removed).
Var sum(const Var& x, std::size_t axis);

// ---- softmax family (ops_softmax.cpp) --------------------------------------------------
// Over the last axis of x (N, C).
Var softmax(const Var& x);
Var log_softmax(const Var& x);
// Mean over the batch of -log softmax(logits)[n, targets[n]]; logits (N, C) -> scalar ().
// Targets must lie in [0, C).
Var cross_entropy(const Var& logits, const std::vector<int>& targets);

// ---- shape (ops_shape.cpp) -------------------------------------------------------------
// Same elements, new shape (element counts must match).
Var reshape(const Var& x, const Shape& shape);
// (N, ...) -> (N, product of the rest).
Var flatten(const Var& x);
// Joins tensors along `axis`; all other extents must agree.
Var concat(const std::vector<Var>& parts, std::size_t axis);

// ---- convolution and pooling (ops_conv.cpp, ops_pool.cpp) -------------------------------
// x (N, C, H, W), weight (OC, C, KH, KW), bias (OC) or undefined -> (N, OC, OH, OW),
// OH = (H + 2 padding - KH) / stride + 1. Cross-correlation, as PyTorch's Conv2d.
Var conv2d(const Var& x, const Var& weight, const Var& bias, std::size_t stride, std::size_t padding);
// x (N, C, H, W) -> (N, C, OH, OW); padding counts as -inf (max) or as 0 (average, like
// PyTorch's count_include_pad=True).
Var max_pool2d(const Var& x, std::size_t kernel, std::size_t stride, std::size_t padding = 0);
Var avg_pool2d(const Var& x, std::size_t kernel, std::size_t stride, std::size_t padding = 0);
// max_pool2d(relu(x), 2, 2) as one op, with the same bits forward and backward (CNN8by8's blocks).
Var relu_max_pool2x2(const Var& x);
// x (N, C, H, W) -> (N, C): the mean of each channel's map.
Var global_avg_pool(const Var& x);

// ---- normalisation and regularisation (ops_batch_norm.cpp, ops_dropout.cpp) ------------
struct BatchNormState {
    Tensor* running_mean;  // (C), updated in training mode
    Tensor* running_var;   // (C), unbiased variance, updated in training mode
    float momentum = 0.1f; // PyTorch's convention: new = (1 - m) old + m batch
    float eps = 1e-5f;
};
// x (N, C) or (N, C, H, W); gamma, beta (C). Training mode normalises with the batch's
// statistics (biased variance) and updates the running ones; eval mode uses the running
// statistics, so each sample's output depends on that sample alone.
Var batch_norm(const Var& x, const Var& gamma, const Var& beta, BatchNormState state, bool training);
// relu(batch_norm(...)) as one op, with the same bits: one pass and one tensor fewer each way.
Var batch_norm_relu(const Var& x, const Var& gamma, const Var& beta, BatchNormState state, bool training);
// Zeroes each element with probability p and scales the rest by 1/(1-p) (training mode);
// identity in eval mode. The mask comes from `rng`.
Var dropout(const Var& x, float p, Rng& rng, bool training);

}  // namespace agop
