#include "attribution/integrated_gradients.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"

namespace agop {

IntegrationPoints integration_points(RiemannRule rule, std::size_t steps) {
    const std::size_t minimum = rule == RiemannRule::trapezoid ? 2 : 1;
    if (steps < minimum)
        throw Error("integrated-gradients: settings.steps must be at least " + std::to_string(minimum) + " for this rule, got " +
                    std::to_string(steps));
    IntegrationPoints points;
    const double n = static_cast<double>(steps);
    for (std::size_t k = 0; k < steps; ++k) {
        const double kk = static_cast<double>(k);
        switch (rule) {
            case RiemannRule::left: points.alphas.push_back(kk / n); break;
            case RiemannRule::right: points.alphas.push_back((kk + 1.0) / n); break;
            case RiemannRule::middle: points.alphas.push_back((kk + 0.5) / n); break;
            case RiemannRule::trapezoid: points.alphas.push_back(kk / (n - 1.0)); break;
        }
        if (rule == RiemannRule::trapezoid)
            points.weights.push_back((k == 0 || k + 1 == steps ? 0.5 : 1.0) / (n - 1.0));
        else
            points.weights.push_back(1.0 / n);
    }
    return points;
}

// For a group of samples, rows (sample s, step k) = x'_s + α_k (x_s - x') go through one
// gradient pass; the weighted sum over k of each sample's gradients times (x - x') is its
// attribution.
Tensor integrated_gradients(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                            const IntegratedGradientsSettings& settings) {
    const std::string method = "integrated-gradients";
    check_batch_and_targets(method, model, inputs, targets);
    const IntegrationPoints points = integration_points(settings.rule, settings.steps);
    const Shape shape = shape_of(inputs);
    const std::size_t n = shape[0], size = row_size(shape), steps = settings.steps;
    const std::vector<float> baseline = settings.baseline.row_for(method, shape);
    const std::size_t samples_per_pass = std::max<std::size_t>(1, model.max_batch_rows / steps);

    Tensor attributions = Tensor::from_shape(shape);
    for (std::size_t first = 0; first < n; first += samples_per_pass) {
        const std::size_t count = std::min(samples_per_pass, n - first);
        Tensor path = Tensor::from_shape(with_rows(shape, count * steps));
        std::vector<int> path_targets(count * steps);
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t r = 0; r < static_cast<std::ptrdiff_t>(count * steps); ++r) {
            const std::size_t s = first + r / steps, k = r % steps;
            const float alpha = static_cast<float>(points.alphas[k]);
            const float* x = inputs.data() + s * size;
            float* dst = path.data() + r * size;
            for (std::size_t j = 0; j < size; ++j) dst[j] = baseline[j] + alpha * (x[j] - baseline[j]);
            path_targets[r] = targets[s];
        }
        const Tensor gradients = target_logit_gradients(model, path, path_targets, method);
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(count); ++i) {
            const std::size_t s = first + i;
            std::vector<double> integral(size, 0.0);
            for (std::size_t k = 0; k < steps; ++k) {
                const float* g = gradients.data() + (i * steps + k) * size;
                for (std::size_t j = 0; j < size; ++j) integral[j] += points.weights[k] * g[j];
            }
            const float* x = inputs.data() + s * size;
            float* a = attributions.data() + s * size;
            for (std::size_t j = 0; j < size; ++j) a[j] = static_cast<float>(integral[j] * (x[j] - baseline[j]));
        }
    }
    return attributions;
}

}  // namespace agop
