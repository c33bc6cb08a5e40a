#include "attribution/targets.hpp"

namespace agop {

std::vector<int> predicted_classes(const ExplainedModel& model, const Tensor& inputs) {
    const Tensor logits = predict_logits(model, inputs);
    const std::size_t n = logits.shape()[0], classes = logits.shape()[1];
    std::vector<int> classes_out(n);
    for (std::size_t i = 0; i < n; ++i) {
        classes_out[i] = predicted_class(logits.data() + i * classes, classes);
    }
    return classes_out;
}

std::vector<int> resolve_targets(const ExplainedModel& model, const Tensor& inputs, const Targets& targets) {
    check_batch("targets", inputs);
    if (targets.is_predicted()) return predicted_classes(model, inputs);
    check_targets("targets", targets.given(), inputs.shape()[0], class_count(model, inputs));
    return targets.given();
}

Tensor target_gradients(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                        const std::string& method) {
    if (targets.is_predicted()) return predicted_class_gradients(model, inputs, method);
    return target_logit_gradients(model, inputs, targets.given(), method);
}

}  // namespace agop
