#include "attribution/smoothgrad.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "attribution/sample_copies.hpp"
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
    const std::size_t size = row_size(shape), copies = settings.samples;
    Tensor attributions = Tensor::from_shape(shape);
    const auto fill_noisy = [&](std::size_t first, std::size_t count, Tensor& noisy) {
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
            }
        }
    };
    const auto average = [&](std::size_t first, std::size_t count, const Tensor& gradients) {
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
    };
    gradients_of_sample_copies(model, inputs, targets, copies, method, fill_noisy, average);
    return attributions;
}

}  // namespace agop
