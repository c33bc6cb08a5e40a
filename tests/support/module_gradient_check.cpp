#include "support/module_gradient_check.hpp"

namespace agop::testing {

GradientCheckReport check_module_gradients(nn::Module& module, const Tensor& x, const GradientCheckOptions& options,
                                           const std::function<void()>& before_each) {
    std::vector<Tensor> inputs{x};
    for (auto* p : module.parameters()) inputs.push_back(p->value);
    auto f = [&](Tape& tape, const std::vector<Var>& v) {
        if (before_each) before_each();
        return module.forward_with_parameters(tape, v[0], std::vector<Var>(v.begin() + 1, v.end()));
    };
    return check_gradients(f, inputs, options);
}

}  // namespace agop::testing
