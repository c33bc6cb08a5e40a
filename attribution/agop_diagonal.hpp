#pragma once
// The image AGOP methods of papers.md Part B §2.2, built on diag(M) (one value per input element):
//   AGOP-Weighted  a(x) = g(x) ⊙ sqrt(diag(M) / max_j diag(M)_j),  g = d f_c(x) / dx
//   AGOP-Global    a(x) = diag(M), the same map for every sample
// (AGOP-Local is the vanilla gradient.)

#include "attribution/agop_settings.hpp"
#include "attribution/targets.hpp"

namespace agop {

// The diagonal of settings.matrix for samples of batch shape (N, ...) -> (elements per sample).
// Throws Error naming settings.agop.matrix if it is missing or its shape is neither (d, d)
// nor the sample's shape.
std::vector<float> agop_diagonal(const std::string& method, const AgopSettings& settings, const Shape& batch_shape);

// inputs (N, ...), targets (N) -> (N, ...)
Tensor agop_weighted(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                     const AgopSettings& settings);
// The same for given or predicted targets (predicted: no separate prediction pass).
Tensor agop_weighted(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                     const AgopSettings& settings);

// inputs (N, ...) -> (N, ...): diag(M) broadcast to every sample (no model evaluation).
Tensor agop_global(const Tensor& inputs, const AgopSettings& settings);

}  // namespace agop
