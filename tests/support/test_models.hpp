#pragma once
// Small models built directly from ops with fixed seeded weights, wrapped as
// ExplainedModels: what the attribution tests explain.

#include <cstdint>

#include "attribution/explained_model.hpp"

namespace agop::testing {

// f(x) = x W^T + b: x (N, d), weight (C, d), bias (C).
ExplainedModel linear_model(Tensor weight, Tensor bias);

// d -> hidden -> hidden -> classes with ReLU (the tabular MLP of papers.md Part A),
// Kaiming-normal weights and small normal biases from `seed`.
ExplainedModel mlp_model(std::size_t inputs, std::size_t hidden, std::size_t classes, std::uint64_t seed);

// CNN8by8 (papers.md §3.4) without the final softmax: x (N, 1, 8, 8) ->
// 4 x [conv 2x2 pad 1 (4 channels) + ReLU + maxpool 2] -> flatten (N, 4) -> linear -> (N, classes).
// Grad-CAM layers "conv1".."conv4" are the conv outputs (before ReLU).
ExplainedModel cnn8by8_model(std::size_t classes, std::uint64_t seed);

// A model whose every class logit depends only on input element `element` of a row of
// `row_elements` (f_c(x) = (c + 1) · x[element]^2 / 2 + c).
ExplainedModel single_element_model(std::size_t row_elements, std::size_t element, std::size_t classes);

}  // namespace agop::testing
