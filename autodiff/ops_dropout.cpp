// Dropout with the project's seeded RNG (inverted dropout: scaling happens in training).

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

// x (any) -> same shape; backward multiplies dout by the same mask.
Var dropout(const Var& x, float p, Rng& rng, bool training) {
    if (!(p >= 0.0f && p < 1.0f)) throw Error("dropout: p must lie in [0, 1), got " + std::to_string(p));
    if (!training || p == 0.0f) return x;
    const Tensor& xv = x.value();
    const float keep_scale = 1.0f / (1.0f - p);
    Tensor mask = Tensor::from_shape(xv.shape());
    for (auto& m : mask) m = rng.bernoulli(p) ? 0.0f : keep_scale;
    Tensor out = xv * mask;
    return x.tape().record("dropout", std::move(out), {x}, [mask = std::move(mask)](Node& self) {
        self.inputs[0]->add_grad(Tensor(self.grad * mask));
    });
}

}  // namespace agop
