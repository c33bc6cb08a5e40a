#pragma once
// Integrated Gradients (Sundararajan et al. 2017):
//   a(x) = (x - x') ⊙ ∫_0^1 d f_c(x' + α (x - x')) / dx dα,
// the path integral approximated by a quadrature over `steps` points of α, as Captum's
// IntegratedGradients does. Completeness: Σ a(x) → f_c(x) - f_c(x') as steps grow.

#include <string>
#include <vector>

#include "attribution/baseline.hpp"
#include "attribution/explained_model.hpp"

namespace agop {

// Captum's quadrature rules (captum.attr._utils.approximation_methods):
//   gauss_legendre: numpy's leggauss(steps) nodes x_k (ascending) and weights w_k on [-1, 1],
//                   mapped to [0, 1] as α_k = (1 + x_k) / 2, w_k / 2; exact for a path
//                   integrand that is a polynomial of degree <= 2 steps - 1 in α
//   trapezoid:      steps points α = k / (steps - 1) with half weights at both ends
//   riemann_left / riemann_right / riemann_middle: equal weights 1/steps at α = k/steps,
//                   (k+1)/steps, (k+1/2)/steps
enum class IntegrationRule { gauss_legendre, trapezoid, riemann_left, riemann_right, riemann_middle };

// "gauss-legendre", "trapezoid", "riemann-left", "riemann-right", "riemann-middle" (the command
// line's words, Captum's method names with '_' as '-') <-> the rule; parse throws agop::Error
// naming `what` and listing the words for anything else.
std::string integration_rule_word(IntegrationRule rule);
IntegrationRule parse_integration_rule(const std::string& word, const std::string& what);
const std::vector<std::string>& integration_rule_words();

struct IntegratedGradientsSettings {
    Baseline baseline = Baseline::zeros();  // zeros, a given input, or the training mean
    std::size_t steps = 50;                 // Captum's n_steps default
    IntegrationRule rule = IntegrationRule::gauss_legendre;  // Captum's default method
};

// The quadrature: α_k and weights w_k, k < steps, with Σ w_k = 1.
struct IntegrationPoints {
    std::vector<double> alphas;
    std::vector<double> weights;
};
IntegrationPoints integration_points(IntegrationRule rule, std::size_t steps);

// inputs (N, ...), targets (N) -> (N, ...). The interpolation points of several samples
// share one forward/backward pass (up to model.max_batch_rows rows).
Tensor integrated_gradients(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                            const IntegratedGradientsSettings& settings);

}  // namespace agop
