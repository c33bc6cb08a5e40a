#include "attribution/input_x_gradient.hpp"

namespace agop {

Tensor input_x_gradient(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets) {
    return input_x_gradient(model, inputs, Targets::classes(targets));
}

Tensor input_x_gradient(const ExplainedModel& model, const Tensor& inputs, const Targets& targets) {
    Tensor attributions = target_gradients(model, inputs, targets, "input-x-gradient");
    float* a = attributions.data();
    const float* x = inputs.data();
    const std::size_t n = attributions.size();
    for (std::size_t i = 0; i < n; ++i) a[i] *= x[i];
    return attributions;
}

}  // namespace agop
