#pragma once
// The seam between attribution methods and models: what a method needs of a model.
//
// A method sees a model only as a differentiable function from a batch of inputs
// x (N, ...) to logits (N, C), recorded on a tape the method owns. It never sees layers,
// parameters or training state, so any model (nn/ modules, a hand-built net in a test)
// can be explained once it is wrapped in an ExplainedModel.
//
// Batching: every method puts as many rows as it can into one forward/backward pass,
// up to `max_batch_rows` rows per tape (a memory bound chosen for the model's size).

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "autodiff/tape.hpp"

namespace agop {

// One layer of a model that is a chain of dense layers: y = x weight^T + bias, weight
// (out, in), bias (out), followed by ReLU unless it is the last layer.
struct DenseLayer {
    Tensor weight, bias;
};

struct ExplainedModel {
    // logits (N, C) as a differentiable function of x (N, ...). Parameters are bound as
    // leaves that need no gradient (tape.parameter(w, nullptr)).
    std::function<Var(Tape&, const Var& x)> logits;
    // Optional, for Grad-CAM: the logits (N, C), and through `activation` the output
    // (N, K, h, w) of the layer named `layer` (empty name: the model's last conv layer).
    std::function<Var(Tape&, const Var& x, const std::string& layer, Var& activation)> logits_with_activation;
    // The most rows one forward/backward pass may hold.
    std::size_t max_batch_rows = 8192;
    // Optional: the layers as they are now, for a model whose `logits` is dense layers with
    // ReLU between them (an MLP). Methods that evaluate many rows forward only (KernelSHAP)
    // may use them instead of `logits`; a wrapper that changes `logits` must clear it.
    std::function<std::vector<DenseLayer>()> dense_layers;
};

// Throws Error unless `inputs` is a batch (N, ...) with N >= 1 and at least one element per row.
void check_batch(const std::string& method, const Tensor& inputs);

// Throws Error unless there is one target per sample, each >= 0 (the number of classes
// is checked once the logits are known).
void check_target_count(const std::string& method, const std::vector<int>& targets, std::size_t samples);

// Throws Error unless there is one target per sample, each in [0, classes).
void check_targets(const std::string& method, const std::vector<int>& targets, std::size_t samples,
                   std::size_t classes);

// The number of classes C the model gives for inputs (N, ...) (one forward pass of one row).
std::size_t class_count(const ExplainedModel& model, const Tensor& inputs);

// Checks the batch and that targets (N) name classes the model has: what every method
// does first, so that errors name the sample.
void check_batch_and_targets(const std::string& method, const ExplainedModel& model, const Tensor& inputs,
                             const std::vector<int>& targets);

// What the methods with a background (DeepSHAP, KernelSHAP) do first: check_batch_and_targets,
// then that background (B, ...) holds B >= 1 rows shaped like the inputs' samples. Returns B.
std::size_t check_batch_targets_and_background(const std::string& method, const ExplainedModel& model,
                                               const Tensor& inputs, const std::vector<int>& targets,
                                               const Tensor& background);

// inputs (N, ...) -> logits (N, C), recording nothing, in pieces of at most max_batch_rows
// rows side by side on the threads (attribution/row_pieces.hpp).
Tensor predict_logits(const ExplainedModel& model, const Tensor& inputs);

// inputs (N, ...), targets (N) -> d logits[n, targets[n]] / d inputs[n] (N, ...).
// One tape and one backward sweep per piece of at most max_batch_rows rows: the logits are
// seeded with one-hot rows, so every sample gets the gradient of its own target class at
// once. The pieces run side by side on the threads (attribution/row_pieces.hpp).
Tensor target_logit_gradients(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                              const std::string& method);

// The predicted class of one row of logits (classes >= 1 values): the argmax, the first on ties.
int predicted_class(const float* logits, std::size_t classes);

// inputs (N, ...) -> d logits[n, c_n] / d inputs[n] (N, ...) for c_n = predicted_class of
// sample n's logits, taken from the gradient pass's own forward pass: the same result as
// target_logit_gradients(model, inputs, predicted_classes(model, inputs), method) with one
// forward pass fewer. Pieces as in target_logit_gradients.
Tensor predicted_class_gradients(const ExplainedModel& model, const Tensor& inputs, const std::string& method);

// The target logit of `rows` model inputs of shape row_shape (...) that are built on
// demand: fill_rows(first, count, dst) writes rows [first, first + count) into dst
// (count rows of row_shape, contiguous), target_of_row(r) names row r's class.
// Rows are built and evaluated in pieces of at most max_batch_rows rows, side by side on
// the threads, BLAS on one thread in each (attribution/row_pieces.hpp); each piece is built
// by one fill_rows call, so that it can reuse what consecutive rows share. -> (rows)
std::vector<float> target_logits_of_generated_rows(
    const ExplainedModel& model, const Shape& row_shape, std::size_t rows,
    const std::function<void(std::size_t, std::size_t, float*)>& fill_rows,
    const std::function<int(std::size_t)>& target_of_row, const std::string& method);

}  // namespace agop
