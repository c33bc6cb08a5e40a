#include "eval/infidelity.hpp"

#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/perturbation_groups.hpp"

namespace agop {

SampleMean infidelity(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                      const Tensor& attributions, const InfidelitySettings& settings) {
    const std::string metric = "infidelity";
    const Shape sample(inputs.shape().begin() + (inputs.dimension() > 0 ? 1 : 0), inputs.shape().end());
    check_metric_inputs(metric, inputs, attributions, targets, Tensor::from_shape(sample));
    if (settings.perturbations == 0 || !(settings.noise_std > 0.0) || !std::isfinite(settings.noise_std))
        throw Error(metric + ": needs at least one perturbation and a positive, finite noise level");
    const std::size_t n = inputs.shape()[0], elements = inputs.size() / n, m = settings.perturbations;
    // I of sample i, draw s: the same values when the row is built and when Iᵀ g is taken.
    const auto draw = [&](std::size_t i, std::size_t s, float* noise) {
        Rng::stream(settings.seed, i * m + s).fill_normal(noise, elements);
        for (std::size_t j = 0; j < elements; ++j) noise[j] *= static_cast<float>(settings.noise_std);
    };
    const auto fill = [&](std::size_t i, std::size_t s, float* row) {
        draw(i, s, row);
        const float* x = inputs.data() + i * elements;
        for (std::size_t j = 0; j < elements; ++j) row[j] = x[j] - row[j];
    };
    const std::vector<double> fx = explained_outputs(model, inputs, targets, metric);
    const std::vector<double> shifted = perturbed_outputs(model, sample, n, m, targets, fill, metric);
    std::vector<double> per_sample(n, 0.0);
    std::vector<float> noise(elements);
    for (std::size_t i = 0; i < n; ++i) {
        const float* a = attributions.data() + i * elements;
        for (std::size_t s = 0; s < m; ++s) {
            draw(i, s, noise.data());
            double projected = 0.0;
            for (std::size_t j = 0; j < elements; ++j) projected += static_cast<double>(noise[j]) * a[j];
            const double gap = projected - (fx[i] - shifted[i * m + s]);
            per_sample[i] += gap * gap / static_cast<double>(m);
        }
    }
    return sample_mean(metric, std::move(per_sample));
}

}  // namespace agop
