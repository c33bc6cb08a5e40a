#include "eval/explanation_stability.hpp"

#include <cmath>

#include "attribution/targets.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/perturbation_groups.hpp"

namespace agop {

namespace {

// ‖(a − b) / a‖₂ with zero entries of a replaced by eps.
double relative_change(const float* a, const float* b, std::size_t count, double eps) {
    double sum = 0.0;
    for (std::size_t j = 0; j < count; ++j) {
        const double denominator = a[j] == 0.0f ? eps : static_cast<double>(a[j]);
        const double ratio = (static_cast<double>(a[j]) - b[j]) / denominator;
        sum += ratio * ratio;
    }
    return std::sqrt(sum);
}

}  // namespace

StabilityScores explanation_stability(const ExplainedModel& model, const ExplainFunction& explain, const Tensor& inputs,
                                      const std::vector<int>& targets, const Tensor& attributions,
                                      const StabilitySettings& settings) {
    const std::string metric = "max-sensitivity/RIS";
    const Shape sample(inputs.shape().begin() + (inputs.dimension() > 0 ? 1 : 0), inputs.shape().end());
    check_metric_inputs(metric, inputs, attributions, targets, Tensor::from_shape(sample));
    const std::size_t n = inputs.shape()[0], elements = inputs.size() / n, m = settings.perturbations;
    if (m == 0 || !(settings.radius > 0.0) || !std::isfinite(settings.radius) || !(settings.min_denominator > 0.0))
        throw Error(metric + ": needs a perturbation, a positive finite radius and a positive minimum denominator");
    Shape perturbed_shape = shape_of(inputs);
    perturbed_shape[0] = n * m;
    Tensor perturbed = Tensor::from_shape(perturbed_shape);
    std::vector<int> perturbed_targets(n * m);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t s = 0; s < m; ++s) {
            Rng rng = Rng::stream(settings.seed, i * m + s);
            float* row = perturbed.data() + (i * m + s) * elements;
            const float* x = inputs.data() + i * elements;
            for (std::size_t j = 0; j < elements; ++j)
                row[j] = x[j] + static_cast<float>(rng.uniform(-settings.radius, settings.radius));
            perturbed_targets[i * m + s] = targets[i];
        }
    const Tensor moved = explain(perturbed, perturbed_targets);
    if (shape_of(moved) != perturbed_shape) throw Error(metric + ": the method returned " + shape_string(moved));
    const std::vector<int> predicted = predicted_classes(model, inputs);
    const std::vector<int> predicted_moved = predicted_classes(model, perturbed);
    std::vector<double> sensitivity(n, 0.0), ris(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const float* x = inputs.data() + i * elements;
        const float* a = attributions.data() + i * elements;
        for (std::size_t s = 0; s < m; ++s) {
            const float* y = perturbed.data() + (i * m + s) * elements;
            const float* b = moved.data() + (i * m + s) * elements;
            double distance = 0.0;
            for (std::size_t j = 0; j < elements; ++j) distance += (static_cast<double>(b[j]) - a[j]) * (b[j] - a[j]);
            sensitivity[i] = std::max(sensitivity[i], std::sqrt(distance));
            if (predicted_moved[i * m + s] != predicted[i]) continue;
            const double input_change =
                std::max(relative_change(x, y, elements, settings.min_denominator), settings.min_denominator);
            ris[i] = std::max(ris[i], relative_change(a, b, elements, settings.min_denominator) / input_change);
        }
    }
    return {sample_mean(metric, std::move(sensitivity)), sample_mean(metric, std::move(ris))};
}

}  // namespace agop
