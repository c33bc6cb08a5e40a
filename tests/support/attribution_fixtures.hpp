#pragma once
// Shared data and comparisons for the attribution tests.

#include <cstdint>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop::testing {

// The linear model of the "equals w_c (x - baseline)" tests: weight (3, 5), bias (3).
Tensor linear_weight();
Tensor linear_bias();

// w_c ⊙ (x - baseline) for every row: inputs (N, d), targets (N), baseline (d) -> (N, d).
Tensor linear_attribution(const Tensor& weight, const Tensor& inputs, const std::vector<int>& targets,
                          const std::vector<float>& baseline);

// Largest |a - b| over all elements (infinity if the shapes differ).
double max_abs_difference(const Tensor& a, const Tensor& b);

// Sum of row `row` of a batch (N, ...), in double.
double row_sum(const Tensor& batch, std::size_t row);

// Normal inputs of the given shape from `seed`.
Tensor normal_inputs(const Shape& shape, std::uint64_t seed);

}  // namespace agop::testing
