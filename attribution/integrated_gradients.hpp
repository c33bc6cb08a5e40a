#pragma once
// Integrated Gradients (Sundararajan et al. 2017):
//   a(x) = (x - x') ⊙ ∫_0^1 d f_c(x' + α (x - x')) / dx dα,
// the path integral approximated by a quadrature over `steps` points of α, as Captum's
// IntegratedGradients does. Completeness: Σ a(x) → f_c(x) - f_c(x') as steps grow.

#include "attribution/baseline.hpp"
#include "attribution/explained_model.hpp"

namespace agop {

// Captum's Riemann rules: left/right/middle use equal weights 1/steps at α = k/steps,
// (k+1)/steps, (k+1/2)/steps; trapezoid puts steps points on [0, 1] with half weights
// at both ends.
enum class RiemannRule { left, right, middle, trapezoid };

struct IntegratedGradientsSettings {
    Baseline baseline = Baseline::zeros();  // zeros, a given input, or the training mean
    std::size_t steps = 50;                 // Captum's n_steps default
    RiemannRule rule = RiemannRule::trapezoid;  // Captum defaults to Gauss-Legendre, not offered here
};

// The quadrature: α_k and weights w_k, k < steps, with Σ w_k = 1.
struct IntegrationPoints {
    std::vector<double> alphas;
    std::vector<double> weights;
};
IntegrationPoints integration_points(RiemannRule rule, std::size_t steps);

// inputs (N, ...), targets (N) -> (N, ...). The interpolation points of several samples
// share one forward/backward pass (up to model.max_batch_rows rows).
Tensor integrated_gradients(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                            const IntegratedGradientsSettings& settings);

}  // namespace agop
