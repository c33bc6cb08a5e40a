#pragma once
// DeepLIFT's rescale rule (Shrikumar et al. 2017) as per-op backward overrides on a tape,
// the way shap's DeepExplainer (deep_pytorch.py) installs it with backward hooks.
//
// The tape's batch must be laid out in pairs: rows [0, P) are the explained inputs and
// rows [P, 2P) their references, row p of each half forming one pair. Through every
// overridden op, the multiplier of a pair replaces the gradient, so that the input
// gradient m of the explained half satisfies Σ m ⊙ (x - x_ref) = f(x) - f(x_ref) for a
// network of linear ops (linear, conv, pooling averages, bias adds) and these ops:
//   relu, sigmoid, tanh  m = Δy / Δx elementwise (the ordinary gradient where |Δx| < 1e-6,
//                        shap's nonlinear_1d)
//   max_pool2d           shap's maxpool rule: each half routes its share of Δy through its
//                        own argmax, (max(y, y_ref) - y_ref) for the input half and
//                        (y - max(y, y_ref)) for the reference half; the two routed maps are
//                        added and divided by Δx (zero where |Δx| < 1e-7).
// Both halves receive the same multipliers, as in shap.

#include "autodiff/tape.hpp"

namespace agop {

// Installs the rescale rules above on `tape` (for this tape only).
void use_rescale_rules(Tape& tape);

}  // namespace agop
