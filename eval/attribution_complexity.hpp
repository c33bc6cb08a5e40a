#pragma once
// How concentrated an attribution is, from the attribution alone (no model):
//
// Sparseness (Chalasani, Chen, Chowdhury, Wu & Jha 2020, "Concise explanations of neural
// networks using adversarial training", ICML; Quantus Sparseness): the Gini index of |a|,
//   G(a) = Σ_{i=1..d} (2i − d − 1) |a|_(i) / (d Σ_i |a|_i)
// with |a|_(1) <= ... <= |a|_(d) sorted ascending. 0 for a uniform map, (d − 1)/d for one
// non-zero element; higher is sparser. An all-zero map scores 0 (Quantus adds 1e-7 to every
// value, which gives the same).
//
// Complexity (Bhatt, Weller & Moura 2020, IJCAI; Quantus Complexity): the entropy of the
// fractional contribution p_i = |a_i| / Σ_j |a_j|,
//   H(a) = − Σ_i p_i ln p_i      (0 ln 0 = 0)
// 0 for one non-zero element, ln d for a uniform map (and for an all-zero one, read as
// uniform); lower is simpler.

#include "autodiff/tensor.hpp"
#include "eval/summary.hpp"

namespace agop {

// One attribution of any shape -> its Gini index / entropy (elements >= 1).
double gini_sparseness(const float* attribution, std::size_t elements);
double attribution_entropy(const float* attribution, std::size_t elements);

// attributions (N, ...) -> the value per sample.
SampleMean sparseness(const Tensor& attributions);
SampleMean complexity(const Tensor& attributions);

}  // namespace agop
