// matmul and linear: the two ops that go straight to the backend's sgemm.

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

// a (M, K) x b (K, N) -> (M, N)
// backward: da = dout b^T (M, K), db = a^T dout (K, N)
Var matmul(const Var& a, const Var& b) {
    const Shape sa = a.shape(), sb = b.shape();
    if (sa.size() != 2 || sb.size() != 2 || sa[1] != sb[0])
        throw_shape_error("matmul", "expected (M, K) x (K, N)", sa, sb);
    const std::size_t m = sa[0], k = sa[1], n = sb[1];
    Tensor out = Tensor::from_shape({m, n});
    backend().gemm(false, false, m, n, k, 1.0f, a.value().data(), b.value().data(), 0.0f, out.data());
    return a.tape().record("matmul", std::move(out), {a, b}, [m, n, k](Node& self) {
        Node& a = *self.inputs[0];
        Node& b = *self.inputs[1];
        if (a.requires_grad) {
            Tensor da = Tensor::from_shape({m, k});
            backend().gemm(false, true, m, k, n, 1.0f, self.grad.data(), b.value().data(), 0.0f, da.data());
            a.add_grad(std::move(da));
        }
        if (b.requires_grad) {
            Tensor db = Tensor::from_shape({k, n});
            backend().gemm(true, false, k, n, m, 1.0f, a.value().data(), self.grad.data(), 0.0f, db.data());
            b.add_grad(std::move(db));
        }
    });
}

// x (N, in), weight (out, in), bias (out) -> (N, out) = x W^T + b
// backward: dx = dout W (N, in), dW = dout^T x (out, in), db = column sums of dout
Var linear(const Var& x, const Var& weight, const Var& bias) {
    const Shape sx = x.shape(), sw = weight.shape();
    if (sx.size() != 2 || sw.size() != 2 || sx[1] != sw[1])
        throw_shape_error("linear", "expected input (N, in) and weight (out, in)", sx, sw);
    const std::size_t batch = sx[0], in = sx[1], out_features = sw[0];
    if (bias.defined() && bias.shape() != Shape{out_features})
        throw_shape_error("linear", "bias must have shape (out)", bias.shape(), sw);
    Tensor out = Tensor::from_shape({batch, out_features});
    if (bias.defined()) {  // sgemm adds x W^T onto the bias rows (beta = 1); a plain loop, not a memmove per row
        const float* b = bias.value().data();
        float* o = out.data();
        for (std::size_t i = 0; i < batch; ++i)
            for (std::size_t j = 0; j < out_features; ++j) o[i * out_features + j] = b[j];
    }
    backend().gemm(false, true, batch, out_features, in, 1.0f, x.value().data(), weight.value().data(),
                   bias.defined() ? 1.0f : 0.0f, out.data());
    std::vector<Var> inputs{x, weight};
    if (bias.defined()) inputs.push_back(bias);
    return x.tape().record("linear", std::move(out), std::move(inputs), [batch, in, out_features](Node& self) {
        Node& x = *self.inputs[0];
        Node& w = *self.inputs[1];
        const float* dout = self.grad.data();
        if (x.requires_grad) {
            Tensor dx = Tensor::from_shape({batch, in});
            backend().gemm(false, false, batch, in, out_features, 1.0f, dout, w.value().data(), 0.0f, dx.data());
            x.add_grad(std::move(dx));
        }
        if (w.requires_grad) {
            Tensor dw = Tensor::from_shape({out_features, in});
            backend().gemm(true, false, out_features, in, batch, 1.0f, dout, x.value().data(), 0.0f, dw.data());
            w.add_grad(std::move(dw));
        }
        if (self.inputs.size() > 2 && self.inputs[2]->requires_grad) {
            Tensor db = xt::zeros<float>({out_features});
            for (std::size_t i = 0; i < batch; ++i)
                for (std::size_t j = 0; j < out_features; ++j) db.data()[j] += dout[i * out_features + j];
            self.inputs[2]->add_grad(std::move(db));
        }
    });
}

}  // namespace agop
