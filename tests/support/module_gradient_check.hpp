#pragma once
// Runs the generic finite-difference checker (gradient_check.hpp) on a module: the input
// and every parameter are the checker's inputs, bound through forward_with_parameters so
// the tape's gradients of all of them are compared with central differences.

#include <functional>

#include "nn/module.hpp"
#include "support/gradient_check.hpp"

namespace agop::testing {

// `before_each` runs before every forward pass (to reseed dropout, say).
GradientCheckReport check_module_gradients(nn::Module& module, const Tensor& x,
                                           const GradientCheckOptions& options = {},
                                           const std::function<void()>& before_each = {});

}  // namespace agop::testing
