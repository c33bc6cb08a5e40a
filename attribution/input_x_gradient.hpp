#pragma once
// InputXGradient (Shrikumar et al. 2016): a(x) = x ⊙ d f_c(x) / dx.

#include "attribution/explained_model.hpp"

namespace agop {

// inputs (N, ...), targets (N) -> (N, ...)
Tensor input_x_gradient(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets);

}  // namespace agop
