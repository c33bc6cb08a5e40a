#include "attribution/agop_diagonal.hpp"

#include <algorithm>
#include <cmath>

#include "attribution/batch_rows.hpp"

namespace agop {

std::vector<float> agop_diagonal(const std::string& method, const AgopSettings& settings, const Shape& batch_shape) {
    require_agop_matrix(method, settings);
    const std::size_t d = row_size(batch_shape);
    const Shape sample(batch_shape.begin() + 1, batch_shape.end());
    const Shape given = shape_of(settings.matrix);
    if (given == sample) return std::vector<float>(settings.matrix.data(), settings.matrix.data() + d);
    if (given == Shape{d, d}) {
        std::vector<float> diagonal(d);
        for (std::size_t j = 0; j < d; ++j) diagonal[j] = settings.matrix.data()[j * d + j];
        return diagonal;
    }
    throw_shape_error(method, "settings.agop.matrix must be diag(M) with the sample's shape " + shape_string(sample) +
                                  " or the full AGOP (" + std::to_string(d) + ", " + std::to_string(d) + ")",
                      given);
}

Tensor agop_weighted(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                     const AgopSettings& settings) {
    return agop_weighted(model, inputs, Targets::classes(targets), settings);
}

Tensor agop_weighted(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                     const AgopSettings& settings) {
    const std::string method = "agop-weighted";
    check_batch(method, inputs);
    const std::vector<float> diagonal = agop_diagonal(method, settings, shape_of(inputs));
    const float largest = *std::max_element(diagonal.begin(), diagonal.end());
    if (!(largest > 0.0f))
        throw Error(method + ": settings.agop.matrix has no positive diagonal entry; the AGOP of a trained model "
                             "has diag(M) >= 0 with at least one entry > 0");
    std::vector<float> weight(diagonal.size());
    for (std::size_t j = 0; j < diagonal.size(); ++j) weight[j] = std::sqrt(std::max(0.0f, diagonal[j]) / largest);
    Tensor attributions = target_gradients(model, inputs, targets, method);
    const std::size_t d = weight.size(), n = inputs.shape()[0];
    float* a = attributions.data();
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) a[i * d + j] *= weight[j];
    return attributions;
}

Tensor agop_global(const Tensor& inputs, const AgopSettings& settings) {
    check_batch("agop-global", inputs);
    const std::vector<float> diagonal = agop_diagonal("agop-global", settings, shape_of(inputs));
    Tensor attributions = Tensor::from_shape(inputs.shape());
    const std::size_t d = diagonal.size(), n = inputs.shape()[0];
    for (std::size_t i = 0; i < n; ++i) std::copy(diagonal.begin(), diagonal.end(), attributions.data() + i * d);
    return attributions;
}

}  // namespace agop
