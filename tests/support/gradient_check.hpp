#pragma once
// The one gradient checker every op and layer goes through (dlib's test_layer habit).
//
// For a function f of some tensors, it seeds the backward pass with a fixed random tensor
// w, so the tape computes dL/dx for L = sum(w * f(x)), and compares every element of
// every input's gradient with the central difference (L(x + eps) - L(x - eps)) / 2 eps,
// where L is accumulated in double precision.
//
// Kinks (ReLU at 0, ties in max-pool) make central differences meaningless; callers keep
// inputs at least a few eps away from them.

#include <functional>
#include <string>
#include <vector>

#include "autodiff/tape.hpp"

namespace agop::testing {

using TapeFunction = std::function<Var(Tape&, const std::vector<Var>&)>;

struct GradientCheckOptions {
    double eps = 1e-2;
    double abs_tolerance = 1e-2;
    double rel_tolerance = 1e-2;
    std::vector<bool> check_input;  // empty: check every input
};

struct GradientCheckReport {
    bool passed = true;
    double max_abs_error = 0.0;
    std::string worst;  // "input 1, element 17: tape 0.31 vs numeric 0.29"
    std::size_t elements_checked = 0;
};

GradientCheckReport check_gradients(const TapeFunction& f, const std::vector<Tensor>& inputs,
                                    const GradientCheckOptions& options = {});

}  // namespace agop::testing
