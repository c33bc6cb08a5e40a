#include "attribution/vanilla_gradient.hpp"

namespace agop {

Tensor vanilla_gradient(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets) {
    return target_logit_gradients(model, inputs, targets, "vanilla-grad");
}

Tensor vanilla_gradient(const ExplainedModel& model, const Tensor& inputs, const Targets& targets) {
    return target_gradients(model, inputs, targets, "vanilla-grad");
}

}  // namespace agop
