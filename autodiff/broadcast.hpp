#pragma once
// NumPy broadcasting rules, shared by the elementwise ops and their gradients.

#include <string>

#include "autodiff/tensor.hpp"

namespace agop {

// The shape two operands broadcast to; throws naming `op` and both shapes if they cannot.
Shape broadcast_shape(const std::string& op, const Shape& a, const Shape& b);

// Sums `grad` (of a broadcast result's shape) back to `target`, the shape of the operand
// that was broadcast: leading axes are summed away, axes where target has extent 1 are
// summed with the extent kept.
Tensor sum_to_shape(const Tensor& grad, const Shape& target);

}  // namespace agop
