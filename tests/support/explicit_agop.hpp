#pragma once
// The AGOP of a model computed by its definition, for tests: M = (1/n) Σ_i J(x_i)^T J(x_i),
// J the Jacobian (C, d) of the logits, from one tape swept once per class.

#include "attribution/explained_model.hpp"

namespace agop::testing {

// inputs (N, ...) -> M (d, d), d = elements per sample.
Tensor agop_by_jacobians(const ExplainedModel& model, const Tensor& inputs);

}  // namespace agop::testing
