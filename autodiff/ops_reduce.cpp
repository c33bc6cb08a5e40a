// Reductions: sum and mean of all elements, sum over one axis.

#include <xtensor/xbroadcast.hpp>
#include <xtensor/xreducer.hpp>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

// x (any) -> () ; backward: dx = dout everywhere
Var sum(const Var& x) {
    double total = 0.0;  // double accumulator: a loss over many elements keeps its digits
    const float* p = x.value().data();
    for (std::size_t i = 0; i < x.value().size(); ++i) total += p[i];
    Tensor out = Tensor::from_shape({});
    out() = static_cast<float>(total);
    const Shape sx = x.shape();
    return x.tape().record("sum", std::move(out), {x},
                           [sx](Node& self) { self.inputs[0]->add_grad(filled(sx, self.grad())); });
}

// x (any) -> () ; backward: dx = dout / count everywhere
Var mean(const Var& x) {
    const std::size_t count = x.value().size();
    if (count == 0) throw_shape_error("mean", "cannot average an empty tensor", x.shape());
    return scale(sum(x), 1.0f / static_cast<float>(count));
}

// x (..., D_axis, ...) -> (...) with the axis removed; backward broadcasts dout back along it.
Var sum(const Var& x, std::size_t axis) {
    const Shape sx = x.shape();
    if (axis >= sx.size()) throw_shape_error("sum", "axis " + std::to_string(axis) + " is out of range", sx);
    Tensor out = xt::sum(x.value(), {axis}, xt::evaluation_strategy::immediate);
    return x.tape().record("sum_axis", std::move(out), {x}, [sx, axis](Node& self) {
        Shape kept = sx;
        kept[axis] = 1;
        Tensor g = self.grad;
        g.reshape(kept);
        self.inputs[0]->add_grad(Tensor(xt::broadcast(g, sx)));
    });
}

}  // namespace agop
