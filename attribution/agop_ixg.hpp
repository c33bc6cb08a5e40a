#pragma once
// AGOP-IxG (papers.md Part A, §1.3): the gradient of the target logit filtered by the
// top-K truncated AGOP, times the input:
//   a(x) = x ⊙ (M_K g(x)),  g(x) = d f_c(x) / dx,  M_K = V_K Λ_K V_K^T.
// AGOP-filtered-grad is the same without the ⊙ x step (kept for the ablation).

#include "attribution/agop_settings.hpp"
#include "attribution/targets.hpp"

namespace agop {

// inputs (N, ...), targets (N), settings.matrix (d, d) with d = elements per sample -> (N, ...)
Tensor agop_ixg(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                const AgopSettings& settings);
Tensor agop_filtered_gradient(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                              const AgopSettings& settings);
// The same for given or predicted targets (predicted: no separate prediction pass).
Tensor agop_ixg(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                const AgopSettings& settings);
Tensor agop_filtered_gradient(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                              const AgopSettings& settings);

// The filtered gradients M_K g(x_i) of a batch: gradients (N, ...) -> (N, ...), one sgemm.
Tensor agop_filter(const Tensor& gradients, const TruncatedAgop& filter);

}  // namespace agop
