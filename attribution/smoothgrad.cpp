#include "attribution/smoothgrad.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"

namespace agop {

Tensor smoothgrad(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                  const SmoothGradSettings& settings) {
    const std::string method = "smoothgrad";
    check_batch_and_targets(method, model, inputs, targets);
    if (settings.samples == 0) throw Error("smoothgrad: settings.samples must be at least 1");
    if (!(settings.noise_level >= 0.0))
        throw Error("smoothgrad: settings.noise_level must be >= 0, got " + std::to_string(settings.noise_level));
    const Shape shape = shape_of(inputs);
    const std::size_t n = shape[0], size = row_size(shape), copies = settings.samples;
    const std::size_t samples_per_pass = std::max<std::size_t>(1, model.max_batch_rows / copies);

    Tensor attributions = Tensor::from_shape(shape);
    for (std::size_t first = 0; first < n; first += samples_per_pass) {
        const std::size_t count = std::min(samples_per_pass, n - first);
        Tensor noisy = Tensor::from_shape(with_rows(shape, count * copies));
        std::vector<int> noisy_targets(count * copies);
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(count); ++i) {
            const std::size_t s = first + i;
            const float* x = inputs.data() + s * size;
            const auto [lo, hi] = std::minmax_element(x, x + size);
            const double sigma = settings.noise_level * (static_cast<double>(*hi) - static_cast<double>(*lo));
            Rng rng = Rng::stream(settings.seed, settings.first_row + s);
            float* noise = noisy.data() + i * copies * size;
            rng.fill_normal(noise, copies * size);
            for (std::size_t k = 0; k < copies; ++k) {
                float* dst = noise + k * size;
                for (std::size_t j = 0; j < size; ++j)
                    dst[j] = x[j] + static_cast<float>(sigma * static_cast<double>(dst[j]));
                noisy_targets[i * copies + k] = targets[s];
            }
        }
        const Tensor gradients = target_logit_gradients(model, noisy, noisy_targets, method);
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(count); ++i) {
            std::vector<double> total(size, 0.0);
            for (std::size_t k = 0; k < copies; ++k) {
                const float* g = gradients.data() + (i * copies + k) * size;
                for (std::size_t j = 0; j < size; ++j) total[j] += g[j];
            }
            float* a = attributions.data() + (first + i) * size;
            for (std::size_t j = 0; j < size; ++j) a[j] = static_cast<float>(total[j] / static_cast<double>(copies));
        }
    }
    return attributions;
}

}  // namespace agop
