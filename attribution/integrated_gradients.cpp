#include "attribution/integrated_gradients.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "attribution/batch_rows.hpp"
#include "attribution/sample_copies.hpp"
#include "autodiff/error.hpp"

namespace agop {

namespace {

// Legendre P_n and its derivative at z by the three-term recurrence.
std::pair<double, double> legendre_with_derivative(std::size_t n, double z) {
    double p_previous = 0.0, p = 1.0;
    for (std::size_t j = 1; j <= n; ++j) {
        const double p_before = p_previous;
        p_previous = p;
        p = ((2.0 * j - 1.0) * z * p_previous - (j - 1.0) * p_before) / static_cast<double>(j);
    }
    return {p, static_cast<double>(n) * (z * p - p_previous) / (z * z - 1.0)};
}

// numpy.polynomial.legendre.leggauss(n) mapped to [0, 1] as Captum maps it: the roots of P_n by
// Newton's method from Tricomi's first guess, ascending, weights 2 / ((1 - x²) P_n'(x)²).
IntegrationPoints gauss_legendre_points(std::size_t steps) {
    const double pi = 3.14159265358979323846, n = static_cast<double>(steps);
    IntegrationPoints points;
    points.alphas.assign(steps, 0.0);
    points.weights.assign(steps, 0.0);
    for (std::size_t i = 0; i < (steps + 1) / 2; ++i) {
        double z = std::cos(pi * (static_cast<double>(i) + 0.75) / (n + 0.5));  // the i-th largest root
        double derivative = 0.0;
        for (int iteration = 0; iteration < 100; ++iteration) {
            const auto [p, dp] = legendre_with_derivative(steps, z);
            derivative = dp;
            const double step = p / dp;
            z -= step;
            if (std::abs(step) <= 1e-16) break;
        }
        derivative = legendre_with_derivative(steps, z).second;
        const double weight = 1.0 / ((1.0 - z * z) * derivative * derivative);  // (2 / (...)) / 2
        points.alphas[i] = 0.5 * (1.0 - z);
        points.alphas[steps - 1 - i] = 0.5 * (1.0 + z);
        points.weights[i] = points.weights[steps - 1 - i] = weight;
    }
    return points;
}

}  // namespace

const std::vector<std::string>& integration_rule_words() {
    static const std::vector<std::string> words = {"gauss-legendre", "trapezoid", "riemann-left", "riemann-right",
                                                   "riemann-middle"};
    return words;
}

std::string integration_rule_word(IntegrationRule rule) {
    return integration_rule_words().at(static_cast<std::size_t>(rule));
}

IntegrationRule parse_integration_rule(const std::string& word, const std::string& what) {
    const auto& words = integration_rule_words();
    for (std::size_t i = 0; i < words.size(); ++i)
        if (words[i] == word) return static_cast<IntegrationRule>(i);
    throw Error(what + ": expected gauss-legendre, trapezoid, riemann-left, riemann-right or riemann-middle; got '" +
                word + "'");
}

IntegrationPoints integration_points(IntegrationRule rule, std::size_t steps) {
    const std::size_t minimum = rule == IntegrationRule::trapezoid ? 2 : 1;
    if (steps < minimum)
        throw Error("integrated-gradients: settings.steps must be at least " + std::to_string(minimum) + " for the " +
                    integration_rule_word(rule) + " rule, got " + std::to_string(steps));
    if (rule == IntegrationRule::gauss_legendre) return gauss_legendre_points(steps);
    IntegrationPoints points;
    const double n = static_cast<double>(steps);
    for (std::size_t k = 0; k < steps; ++k) {
        const double kk = static_cast<double>(k);
        switch (rule) {
            case IntegrationRule::riemann_left:
                points.alphas.push_back(kk / n);
                break;
            case IntegrationRule::riemann_right:
                points.alphas.push_back((kk + 1.0) / n);
                break;
            case IntegrationRule::riemann_middle:
                points.alphas.push_back((kk + 0.5) / n);
                break;
            case IntegrationRule::trapezoid:
                points.alphas.push_back(kk / (n - 1.0));
                break;
            case IntegrationRule::gauss_legendre:
                break;
        }
        if (rule == IntegrationRule::trapezoid)
            points.weights.push_back((k == 0 || k + 1 == steps ? 0.5 : 1.0) / (n - 1.0));
        else
            points.weights.push_back(1.0 / n);
    }
    return points;
}

// For a group of samples, rows (sample s, step k) = x'_s + α_k (x_s - x') go through one
// gradient pass; the weighted sum over k of each sample's gradients times (x - x') is its
// attribution.
Tensor integrated_gradients(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                            const IntegratedGradientsSettings& settings) {
    const std::string method = "integrated-gradients";
    check_batch_and_targets(method, model, inputs, targets);
    const IntegrationPoints points = integration_points(settings.rule, settings.steps);
    const Shape shape = shape_of(inputs);
    const std::size_t size = row_size(shape), steps = settings.steps;
    const std::vector<float> baseline = settings.baseline.row_for(method, shape);
    Tensor attributions = Tensor::from_shape(shape);
    const auto fill_path = [&](std::size_t first, std::size_t count, Tensor& path) {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t r = 0; r < static_cast<std::ptrdiff_t>(count * steps); ++r) {
            const std::size_t s = first + r / steps, k = r % steps;
            const float alpha = static_cast<float>(points.alphas[k]);
            const float* x = inputs.data() + s * size;
            float* dst = path.data() + r * size;
            for (std::size_t j = 0; j < size; ++j) dst[j] = baseline[j] + alpha * (x[j] - baseline[j]);
        }
    };
    const auto integrate = [&](std::size_t first, std::size_t count, const Tensor& gradients) {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(count); ++i) {
            const std::size_t s = first + i;
            std::vector<double> integral(size, 0.0);
            for (std::size_t k = 0; k < steps; ++k) {
                const float* g = gradients.data() + (i * steps + k) * size;
                for (std::size_t j = 0; j < size; ++j) integral[j] += points.weights[k] * g[j];
            }
            const float* x = inputs.data() + s * size;
            float* a = attributions.data() + s * size;
            for (std::size_t j = 0; j < size; ++j) a[j] = static_cast<float>(integral[j] * (x[j] - baseline[j]));
        }
    };
    gradients_of_sample_copies(model, inputs, targets, steps, method, fill_path, integrate);
    return attributions;
}

}  // namespace agop
