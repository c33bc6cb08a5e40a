// Shape ops: reshape, flatten, concat. They move no numbers, only reinterpret or copy.

#include <xtensor/xview.hpp>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

// x (any) -> same elements in `shape`; backward reshapes dout back.
Var reshape(const Var& x, const Shape& shape) {
    const Shape sx = x.shape();
    if (element_count(sx) != element_count(shape))
        throw_shape_error("reshape", "element counts differ", sx, shape);
    Tensor out = x.value();
    out.reshape(shape);
    return x.tape().record("reshape", std::move(out), {x}, [sx](Node& self) {
        Tensor g = self.grad;
        g.reshape(sx);
        self.inputs[0]->add_grad(std::move(g));
    });
}

// x (N, ...) -> (N, prod(...))
Var flatten(const Var& x) {
    const Shape sx = x.shape();
    if (sx.empty()) throw_shape_error("flatten", "expected at least one axis (the batch)", sx);
    return reshape(x, {sx[0], element_count(sx) / std::max<std::size_t>(sx[0], 1)});
}

// parts[i] (..., D_i, ...) -> (..., sum D_i, ...) along `axis`
Var concat(const std::vector<Var>& parts, std::size_t axis) {
    if (parts.empty()) throw Error("concat: expected at least one tensor");
    Shape out_shape = parts[0].shape();
    if (axis >= out_shape.size()) throw_shape_error("concat", "axis " + std::to_string(axis) + " is out of range", out_shape);
    std::vector<std::size_t> extents;
    out_shape[axis] = 0;
    for (const auto& p : parts) {
        Shape s = p.shape();
        if (s.size() != out_shape.size()) throw_shape_error("concat", "all parts need the same rank", parts[0].shape(), s);
        for (std::size_t d = 0; d < s.size(); ++d)
            if (d != axis && s[d] != parts[0].shape()[d])
                throw_shape_error("concat", "parts differ outside the concatenation axis", parts[0].shape(), s);
        extents.push_back(s[axis]);
        out_shape[axis] += s[axis];
    }
    // View every tensor as (outer, extent * inner) and copy row blocks.
    std::size_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= out_shape[d];
    for (std::size_t d = axis + 1; d < out_shape.size(); ++d) inner *= out_shape[d];
    const std::size_t out_row = out_shape[axis] * inner;
    Tensor out = Tensor::from_shape(out_shape);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::size_t block = extents[i] * inner;
        const float* src = parts[i].value().data();
        for (std::size_t o = 0; o < outer; ++o)
            std::copy(src + o * block, src + (o + 1) * block, out.data() + o * out_row + offset);
        offset += block;
    }
    std::vector<Shape> shapes;
    for (const auto& p : parts) shapes.push_back(p.shape());
    return parts[0].tape().record("concat", std::move(out), parts, [shapes, extents, outer, inner, out_row](Node& self) {
        std::size_t offset = 0;
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            const std::size_t block = extents[i] * inner;
            if (self.inputs[i]->requires_grad) {
                Tensor g = Tensor::from_shape(shapes[i]);
                for (std::size_t o = 0; o < outer; ++o)
                    std::copy(self.grad.data() + o * out_row + offset, self.grad.data() + o * out_row + offset + block,
                              g.data() + o * block);
                self.inputs[i]->add_grad(std::move(g));
            }
            offset += block;
        }
    });
}

}  // namespace agop
