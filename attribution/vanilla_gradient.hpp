#pragma once
// Vanilla gradient (Simonyan et al. 2014), also AGOP-Local: a(x) = d f_c(x) / dx, the
// gradient of the target class logit c.

#include "attribution/explained_model.hpp"

namespace agop {

// inputs (N, ...), targets (N) -> (N, ...)
Tensor vanilla_gradient(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets);

}  // namespace agop
