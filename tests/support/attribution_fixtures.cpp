#include "support/attribution_fixtures.hpp"

#include <cmath>
#include <limits>

#include "autodiff/rng.hpp"

namespace agop::testing {

Tensor linear_weight() {
    return Tensor{{0.5f, -1.0f, 2.0f, 0.0f, 0.25f}, {-0.75f, 0.3f, 0.0f, 1.5f, -2.0f}, {1.0f, 1.0f, -0.5f, -1.25f, 0.6f}};
}

Tensor linear_bias() { return Tensor{0.1f, -0.2f, 0.3f}; }

Tensor linear_attribution(const Tensor& weight, const Tensor& inputs, const std::vector<int>& targets,
                          const std::vector<float>& baseline) {
    const std::size_t n = inputs.shape()[0], d = inputs.shape()[1];
    Tensor expected = Tensor::from_shape({n, d});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j)
            expected(i, j) = weight(targets[i], j) * (inputs(i, j) - baseline[j]);
    return expected;
}

double max_abs_difference(const Tensor& a, const Tensor& b) {
    if (a.shape() != b.shape()) return std::numeric_limits<double>::infinity();
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(static_cast<double>(a.data()[i]) - b.data()[i]));
    return worst;
}

double row_sum(const Tensor& batch, std::size_t row) {
    const std::size_t size = batch.size() / batch.shape()[0];
    double total = 0.0;
    for (std::size_t j = 0; j < size; ++j) total += batch.data()[row * size + j];
    return total;
}

Tensor normal_inputs(const Shape& shape, std::uint64_t seed) { return Rng(seed).normal_tensor(shape); }

}  // namespace agop::testing
