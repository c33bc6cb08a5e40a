#pragma once
// Vanilla gradient (Simonyan et al. 2014), also AGOP-Local: a(x) = d f_c(x) / dx, the
// gradient of the target class logit c.

#include "attribution/targets.hpp"

namespace agop {

// inputs (N, ...), targets (N) -> (N, ...)
Tensor vanilla_gradient(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets);
// The same for given or predicted targets (predicted: no separate prediction pass).
Tensor vanilla_gradient(const ExplainedModel& model, const Tensor& inputs, const Targets& targets);

}  // namespace agop
