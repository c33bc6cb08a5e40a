#pragma once
// Explaining class probabilities instead of logits: the lime package explains predict_proba
// in classification mode, and shap's KernelExplainer is usually run on predict_proba.
// Wrapping the model leaves every method unchanged: it attributes softmax(logits)[target].

#include "attribution/explained_model.hpp"

namespace agop {

// The same model whose "logits" are its class probabilities softmax(logits) (N, C), rows summing
// to 1. Grad-CAM's activation path is wrapped the same way when the model has one.
ExplainedModel probability_model(const ExplainedModel& model);

// inputs (N, ...) -> softmax of the logits (N, C), computed in double and rounded to float.
Tensor predict_probabilities(const ExplainedModel& model, const Tensor& inputs);

}  // namespace agop
