#include "support/gradient_check.hpp"

#include <cmath>
#include <sstream>

#include "autodiff/rng.hpp"

namespace agop::testing {

namespace {

double weighted_sum(const Tensor& out, const Tensor& w) {
    double total = 0.0;
    for (std::size_t i = 0; i < out.size(); ++i) total += static_cast<double>(out.data()[i]) * w.data()[i];
    return total;
}

double evaluate(const TapeFunction& f, const std::vector<Tensor>& inputs, const Tensor& w) {
    Tape tape;
    NoGradGuard no_grad(tape);
    std::vector<Var> vars;
    for (const auto& t : inputs) vars.push_back(tape.constant(t));
    return weighted_sum(f(tape, vars).value(), w);
}

}  // namespace

GradientCheckReport check_gradients(const TapeFunction& f, const std::vector<Tensor>& inputs,
                                    const GradientCheckOptions& options) {
    GradientCheckReport report;
    Tape tape;
    std::vector<Var> vars;
    for (const auto& t : inputs) vars.push_back(tape.input(t));
    Var out = f(tape, vars);
    Rng rng(12345);
    const Tensor w = rng.normal_tensor(out.shape());
    tape.backward(out, w);

    std::vector<Tensor> perturbed = inputs;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (!options.check_input.empty() && !options.check_input[i]) continue;
        const bool has = vars[i].has_grad();
        for (std::size_t j = 0; j < inputs[i].size(); ++j) {
            const float original = inputs[i].data()[j];
            perturbed[i].data()[j] = static_cast<float>(original + options.eps);
            const double plus = evaluate(f, perturbed, w);
            perturbed[i].data()[j] = static_cast<float>(original - options.eps);
            const double minus = evaluate(f, perturbed, w);
            perturbed[i].data()[j] = original;
            const double numeric = (plus - minus) / (2.0 * options.eps);
            const double analytic = has ? vars[i].grad().data()[j] : 0.0;
            const double error = std::abs(numeric - analytic);
            ++report.elements_checked;
            const bool ok = error <= options.abs_tolerance + options.rel_tolerance * std::abs(numeric);
            if (!ok) report.passed = false;
            if (error > report.max_abs_error) {
                report.max_abs_error = error;
                std::ostringstream text;
                text << "input " << i << ", element " << j << ": tape " << analytic << " vs numeric " << numeric;
                report.worst = text.str();
            }
        }
    }
    return report;
}

}  // namespace agop::testing
