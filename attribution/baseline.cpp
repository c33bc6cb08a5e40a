#include "attribution/baseline.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "attribution/explained_model.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"

namespace agop {

Baseline Baseline::training_mean(const Tensor& training_inputs) {
    check_batch("Baseline::training_mean", training_inputs);
    const Shape shape = shape_of(training_inputs);
    const std::size_t n = shape[0], size = row_size(shape);
    std::vector<double> total(size, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < size; ++j) total[j] += training_inputs.data()[i * size + j];
    Tensor mean = Tensor::from_shape(Shape(shape.begin() + 1, shape.end()));
    for (std::size_t j = 0; j < size; ++j) mean.data()[j] = static_cast<float>(total[j] / static_cast<double>(n));
    return Baseline(false, std::move(mean));
}

std::vector<float> Baseline::row_for(const std::string& method, const Shape& batch_shape) const {
    const std::size_t size = row_size(batch_shape);
    if (is_zero()) return std::vector<float>(size, 0.0f);
    const Shape sample(batch_shape.begin() + 1, batch_shape.end());
    if (shape_of(values_) != sample)
        throw_shape_error(method, "the baseline must have the shape of one sample " + shape_string(sample),
                          shape_of(values_));
    return std::vector<float>(values_.data(), values_.data() + size);
}

Tensor sample_background(const Tensor& training_inputs, std::size_t count, std::uint64_t seed) {
    check_batch("sample_background", training_inputs);
    if (count == 0) throw Error("sample_background: count must be at least 1");
    const std::size_t n = training_inputs.shape()[0], size = row_size(shape_of(training_inputs));
    const std::size_t taken = std::min(count, n);
    const std::vector<std::size_t> order = Rng(seed).permutation(n);
    Tensor background = Tensor::from_shape(with_rows(shape_of(training_inputs), taken));
    for (std::size_t i = 0; i < taken; ++i)
        std::copy(training_inputs.data() + order[i] * size, training_inputs.data() + (order[i] + 1) * size,
                  background.data() + i * size);
    return background;
}

}  // namespace agop
