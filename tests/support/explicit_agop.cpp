#include "support/explicit_agop.hpp"

namespace agop::testing {

Tensor agop_by_jacobians(const ExplainedModel& model, const Tensor& inputs) {
    const std::size_t n = inputs.shape()[0], d = inputs.size() / n;
    Tape tape;
    Var x = tape.input(inputs);
    Var logits = model.logits(tape, x);
    const std::size_t classes = logits.shape()[1];
    std::vector<double> m(d * d, 0.0);
    for (std::size_t c = 0; c < classes; ++c) {
        Tensor seed = xt::zeros<float>({n, classes});
        for (std::size_t i = 0; i < n; ++i) seed(i, c) = 1.0f;
        tape.backward(logits, seed);
        const float* g = x.grad().data();
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t a = 0; a < d; ++a)
                for (std::size_t b = 0; b < d; ++b) m[a * d + b] += static_cast<double>(g[i * d + a]) * g[i * d + b];
    }
    Tensor agop = Tensor::from_shape({d, d});
    for (std::size_t k = 0; k < d * d; ++k) agop.data()[k] = static_cast<float>(m[k] / static_cast<double>(n));
    return agop;
}

}  // namespace agop::testing
