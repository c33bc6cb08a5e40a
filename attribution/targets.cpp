#include "attribution/targets.hpp"

namespace agop {

std::vector<int> predicted_classes(const ExplainedModel& model, const Tensor& inputs) {
    const Tensor logits = predict_logits(model, inputs);
    const std::size_t n = logits.shape()[0], classes = logits.shape()[1];
    std::vector<int> classes_out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float* row = logits.data() + i * classes;
        std::size_t best = 0;
        for (std::size_t c = 1; c < classes; ++c)
            if (row[c] > row[best]) best = c;
        classes_out[i] = static_cast<int>(best);
    }
    return classes_out;
}

std::vector<int> resolve_targets(const ExplainedModel& model, const Tensor& inputs, const Targets& targets) {
    check_batch("targets", inputs);
    if (targets.is_predicted()) return predicted_classes(model, inputs);
    check_targets("targets", targets.given(), inputs.shape()[0], class_count(model, inputs));
    return targets.given();
}

}  // namespace agop
