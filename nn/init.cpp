#include "nn/init.hpp"

#include <cmath>

#include "autodiff/error.hpp"

namespace agop::nn {

namespace {
std::size_t receptive_field(const Shape& s) {
    if (s.size() < 2) throw_shape_error("init", "a weight needs at least 2 dimensions (out, in, ...)", s);
    std::size_t field = 1;
    for (std::size_t i = 2; i < s.size(); ++i) field *= s[i];
    return field;
}
}  // namespace

std::size_t fan_in(const Shape& s) { return s[1] * receptive_field(s); }
std::size_t fan_out(const Shape& s) { return s[0] * receptive_field(s); }

Tensor kaiming_uniform_default(const Shape& weight_shape, Rng& rng) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in(weight_shape)));
    return rng.uniform_tensor(weight_shape, -bound, bound);
}

Tensor default_bias(const Shape& weight_shape, Rng& rng) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in(weight_shape)));
    return rng.uniform_tensor({weight_shape[0]}, -bound, bound);
}

Tensor kaiming_normal(const Shape& weight_shape, std::size_t fan, Rng& rng) {
    receptive_field(weight_shape);
    return rng.normal_tensor(weight_shape, 0.0, std::sqrt(2.0 / static_cast<double>(fan)));
}

}  // namespace agop::nn
