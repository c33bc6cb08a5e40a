// softmax, log-softmax and cross-entropy over the last axis of (N, C) logits.

#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

namespace {

void require_matrix(const char* op, const Var& x) {
    if (x.shape().size() != 2) throw_shape_error(op, "expected (N, C)", x.shape());
}

// Row-wise log-softmax with the max subtracted first (no overflow for large logits).
Tensor log_softmax_rows(const Tensor& x) {
    const std::size_t n = x.shape()[0], c = x.shape()[1];
    Tensor out = Tensor::from_shape({n, c});
    for (std::size_t i = 0; i < n; ++i) {
        const float* row = x.data() + i * c;
        float* o = out.data() + i * c;
        float mx = row[0];
        for (std::size_t j = 1; j < c; ++j) mx = std::max(mx, row[j]);
        double total = 0.0;
        for (std::size_t j = 0; j < c; ++j) total += std::exp(static_cast<double>(row[j] - mx));
        const float log_total = static_cast<float>(std::log(total));
        for (std::size_t j = 0; j < c; ++j) o[j] = row[j] - mx - log_total;
    }
    return out;
}

}  // namespace

// x (N, C) -> y (N, C); backward: dx = y * (dy - sum_j dy_j y_j)
Var softmax(const Var& x) {
    require_matrix("softmax", x);
    Tensor out = log_softmax_rows(x.value());
    for (auto& v : out) v = std::exp(v);
    return x.tape().record("softmax", std::move(out), {x}, [](Node& self) {
        const Tensor& y = self.value();
        const std::size_t n = y.shape()[0], c = y.shape()[1];
        Tensor g = Tensor::from_shape({n, c});
        for (std::size_t i = 0; i < n; ++i) {
            const float* yr = y.data() + i * c;
            const float* dy = self.grad.data() + i * c;
            double dot = 0.0;
            for (std::size_t j = 0; j < c; ++j) dot += dy[j] * yr[j];
            for (std::size_t j = 0; j < c; ++j) g.data()[i * c + j] = yr[j] * (dy[j] - static_cast<float>(dot));
        }
        self.inputs[0]->add_grad(std::move(g));
    });
}

// x (N, C) -> y (N, C); backward: dx = dy - softmax(x) * sum_j dy_j
Var log_softmax(const Var& x) {
    require_matrix("log_softmax", x);
    Tensor out = log_softmax_rows(x.value());
    return x.tape().record("log_softmax", std::move(out), {x}, [](Node& self) {
        const Tensor& y = self.value();
        const std::size_t n = y.shape()[0], c = y.shape()[1];
        Tensor g = Tensor::from_shape({n, c});
        for (std::size_t i = 0; i < n; ++i) {
            const float* dy = self.grad.data() + i * c;
            double total = 0.0;
            for (std::size_t j = 0; j < c; ++j) total += dy[j];
            for (std::size_t j = 0; j < c; ++j)
                g.data()[i * c + j] = dy[j] - std::exp(y.data()[i * c + j]) * static_cast<float>(total);
        }
        self.inputs[0]->add_grad(std::move(g));
    });
}

// logits (N, C), targets (N) -> () = -(1/N) sum_n log_softmax(logits)[n, t_n]
// backward: dlogits = dout * (softmax(logits) - onehot(t)) / N
Var cross_entropy(const Var& logits, const std::vector<int>& targets) {
    require_matrix("cross_entropy", logits);
    const std::size_t n = logits.shape()[0], c = logits.shape()[1];
    if (targets.size() != n)
        throw Error("cross_entropy: expected " + std::to_string(n) + " targets for logits " +
                    shape_string(logits.shape()) + ", got " + std::to_string(targets.size()));
    for (std::size_t i = 0; i < n; ++i)
        if (targets[i] < 0 || static_cast<std::size_t>(targets[i]) >= c)
            throw Error("cross_entropy: target " + std::to_string(targets[i]) + " of sample " + std::to_string(i) +
                        " is outside [0, " + std::to_string(c) + ")");
    Tensor logp = log_softmax_rows(logits.value());
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) total -= logp.data()[i * c + targets[i]];
    Tensor out = Tensor::from_shape({});
    out() = static_cast<float>(total / static_cast<double>(n));
    return logits.tape().record("cross_entropy", std::move(out), {logits},
                                [logp = std::move(logp), targets, n, c](Node& self) {
        const float scale = self.grad() / static_cast<float>(n);
        Tensor g = Tensor::from_shape({n, c});
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < c; ++j)
                g.data()[i * c + j] =
                    scale * (std::exp(logp.data()[i * c + j]) - (static_cast<int>(j) == targets[i] ? 1.0f : 0.0f));
        self.inputs[0]->add_grad(std::move(g));
    });
}

}  // namespace agop
