#include "attribution/probability_output.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/ops.hpp"

namespace agop {

ExplainedModel probability_model(const ExplainedModel& model) {
    ExplainedModel wrapped = model;
    wrapped.dense_layers = nullptr;  // they give logits, not probabilities
    wrapped.logits = [inner = model.logits](Tape& tape, const Var& x) { return softmax(inner(tape, x)); };
    if (model.logits_with_activation)
        wrapped.logits_with_activation = [inner = model.logits_with_activation](
                                             Tape& tape, const Var& x, const std::string& layer, Var& activation) {
            return softmax(inner(tape, x, layer, activation));
        };
    return wrapped;
}

Tensor predict_probabilities(const ExplainedModel& model, const Tensor& inputs) {
    Tensor p = predict_logits(model, inputs);
    const std::size_t n = p.shape()[0], c = p.shape()[1];
    float* v = p.data();
    for (std::size_t r = 0; r < n; ++r) {
        float* row = v + r * c;
        const double top = *std::max_element(row, row + c);
        double total = 0.0;
        for (std::size_t k = 0; k < c; ++k) total += std::exp(row[k] - top);
        for (std::size_t k = 0; k < c; ++k) row[k] = static_cast<float>(std::exp(row[k] - top) / total);
    }
    return p;
}

}  // namespace agop
