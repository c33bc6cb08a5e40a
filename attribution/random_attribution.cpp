#include "attribution/random_attribution.hpp"

#include "attribution/batch_rows.hpp"
#include "attribution/explained_model.hpp"
#include "autodiff/rng.hpp"

namespace agop {

Tensor random_attribution(const Tensor& inputs, const RandomSettings& settings) {
    check_batch("random", inputs);
    const std::size_t n = inputs.shape()[0], size = row_size(shape_of(inputs));
    Tensor attributions = Tensor::from_shape(inputs.shape());
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
        Rng rng = Rng::stream(settings.seed, settings.first_row + static_cast<std::uint64_t>(i));
        float* a = attributions.data() + i * size;
        for (std::size_t j = 0; j < size; ++j) a[j] = static_cast<float>(rng.uniform(-1.0, 1.0));
    }
    return attributions;
}

}  // namespace agop
