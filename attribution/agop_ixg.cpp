#include "attribution/agop_ixg.hpp"

#include <optional>

#include "attribution/batch_rows.hpp"
#include "autodiff/backend.hpp"

namespace agop {

namespace {

// The filter M_K: the one given in settings (computed once per run by a caller that explains in
// blocks; not copied), else computed here into `computed`.
const TruncatedAgop& checked_filter(const std::string& method, const Tensor& inputs, const AgopSettings& settings,
                                    std::optional<TruncatedAgop>& computed) {
    require_agop_matrix(method, settings);
    const std::size_t d = row_size(shape_of(inputs));
    if (shape_of(settings.matrix) != Shape{d, d})
        throw_shape_error(method, "settings.agop.matrix must be the full AGOP (d, d) with d = " + std::to_string(d) +
                                      " elements per sample",
                          shape_of(settings.matrix));
    if (settings.filter) return *settings.filter;
    return computed.emplace(agop_top_k(settings.matrix, settings.truncation, "settings.agop.matrix"));
}

// M_K times the gradient of each row's target (N, d), the checks' messages naming `method`.
Tensor filtered_target_gradients(const std::string& method, const ExplainedModel& model, const Tensor& inputs,
                                 const Targets& targets, const AgopSettings& settings) {
    check_batch(method, inputs);
    std::optional<TruncatedAgop> computed;
    const TruncatedAgop& filter = checked_filter(method, inputs, settings, computed);
    return agop_filter(target_gradients(model, inputs, targets, method), filter);
}

}  // namespace

// G (N, d) M_K (d, d): M_K is symmetric, so each row becomes M_K g.
Tensor agop_filter(const Tensor& gradients, const TruncatedAgop& filter) {
    const Shape shape = shape_of(gradients);
    const std::size_t n = shape[0], d = row_size(shape);
    Tensor filtered = Tensor::from_shape(shape);
    backend().gemm(false, false, n, d, d, 1.0f, gradients.data(), filter.matrix.data(), 0.0f, filtered.data());
    return filtered;
}

Tensor agop_filtered_gradient(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                              const AgopSettings& settings) {
    return agop_filtered_gradient(model, inputs, Targets::classes(targets), settings);
}

Tensor agop_filtered_gradient(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                              const AgopSettings& settings) {
    return filtered_target_gradients("agop-filtered-grad", model, inputs, targets, settings);
}

Tensor agop_ixg(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                const AgopSettings& settings) {
    return agop_ixg(model, inputs, Targets::classes(targets), settings);
}

Tensor agop_ixg(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                const AgopSettings& settings) {
    Tensor attributions = filtered_target_gradients("agop-ixg", model, inputs, targets, settings);
    float* a = attributions.data();
    const float* x = inputs.data();
    for (std::size_t i = 0; i < attributions.size(); ++i) a[i] *= x[i];
    return attributions;
}

}  // namespace agop
