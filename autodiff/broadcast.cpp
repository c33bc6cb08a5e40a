#include "autodiff/broadcast.hpp"

#include <xtensor/xreducer.hpp>

#include "autodiff/error.hpp"

namespace agop {

Shape broadcast_shape(const std::string& op, const Shape& a, const Shape& b) {
    const std::size_t rank = std::max(a.size(), b.size());
    Shape out(rank);
    for (std::size_t i = 0; i < rank; ++i) {
        // Align from the right.
        const std::size_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
        const std::size_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
        if (da != db && da != 1 && db != 1)
            throw_shape_error(op, "shapes cannot be broadcast together", a, b);
        out[i] = da == 1 ? db : da;
    }
    return out;
}

Tensor sum_to_shape(const Tensor& grad, const Shape& target) {
    const Shape g = shape_of(grad);
    if (g == target) return grad;
    if (target.size() > g.size()) throw_shape_error("sum_to_shape", "target has more axes than the gradient", g, target);
    const std::size_t lead = g.size() - target.size();
    std::vector<std::size_t> axes;
    for (std::size_t i = 0; i < g.size(); ++i)
        if (i < lead || (target[i - lead] == 1 && g[i] != 1)) axes.push_back(i);
        else if (target[i - lead] != g[i])
            throw_shape_error("sum_to_shape", "gradient shape does not broadcast from the target", g, target);
    Tensor reduced = xt::sum(grad, axes, xt::evaluation_strategy::immediate);
    reduced.reshape(target);
    return reduced;
}

}  // namespace agop
