#pragma once
// PyTorch's weight initialisations, drawn from agop::Rng (so the same seed gives the same
// bits on every compiler; the values differ from PyTorch's own generator).

#include <cstddef>

#include "autodiff/rng.hpp"

namespace agop::nn {

// Fan-in of a weight (out, in) or (out, in, kh, kw): in * kh * kw.
std::size_t fan_in(const Shape& weight_shape);
// Fan-out of a weight: out * kh * kw.
std::size_t fan_out(const Shape& weight_shape);

// nn.Linear / nn.Conv2d default: kaiming_uniform_(a = sqrt(5)), i.e. U(-b, b) with
// b = 1 / sqrt(fan_in).
Tensor kaiming_uniform_default(const Shape& weight_shape, Rng& rng);
// The default bias of Linear / Conv2d: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), shape (out).
Tensor default_bias(const Shape& weight_shape, Rng& rng);
// kaiming_normal_ for ReLU networks: N(0, 2 / fan), fan = fan_in or fan_out.
Tensor kaiming_normal(const Shape& weight_shape, std::size_t fan, Rng& rng);

}  // namespace agop::nn
