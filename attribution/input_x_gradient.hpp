#pragma once
// InputXGradient (Shrikumar et al. 2016): a(x) = x ⊙ d f_c(x) / dx.

#include "attribution/targets.hpp"

namespace agop {

// inputs (N, ...), targets (N) -> (N, ...)
Tensor input_x_gradient(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets);
// The same for given or predicted targets (predicted: no separate prediction pass).
Tensor input_x_gradient(const ExplainedModel& model, const Tensor& inputs, const Targets& targets);

}  // namespace agop
