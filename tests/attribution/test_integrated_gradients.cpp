// Integrated Gradients: exact on a linear model, complete (Σ a = f(x) - f(x')) up to a
// quadrature error that shrinks with the number of steps; Captum's quadratures, with
// Gauss-Legendre exact on polynomial path integrands of degree <= 2 steps - 1.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <memory>

#include "attribution/integrated_gradients.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// Largest |Σ a(x_i) - (f_c(x_i) - f_c(baseline))| over the batch, zero baseline.
double completeness_error(const ExplainedModel& model, const Tensor& x, const std::vector<int>& targets,
                          std::size_t steps, IntegrationRule rule) {
    IntegratedGradientsSettings settings;
    settings.steps = steps;
    settings.rule = rule;
    const Tensor a = integrated_gradients(model, x, targets, settings);
    const Tensor fx = predict_logits(model, x);
    const Tensor f0 = predict_logits(model, Tensor(xt::zeros<float>(x.shape())));
    double worst = 0.0;
    for (std::size_t i = 0; i < x.shape()[0]; ++i)
        worst = std::max(worst, std::abs(row_sum(a, i) - (fx(i, targets[i]) - f0(i, targets[i]))));
    return worst;
}

const std::vector<IntegrationRule> every_rule{IntegrationRule::gauss_legendre, IntegrationRule::trapezoid,
                                              IntegrationRule::riemann_left, IntegrationRule::riemann_right,
                                              IntegrationRule::riemann_middle};

// Σ_k w_k α_k^power - 1 / (power + 1): the rule's error on ∫_0^1 α^power dα.
double monomial_error(const IntegrationPoints& points, int power) {
    double total = 0.0;
    for (std::size_t k = 0; k < points.alphas.size(); ++k)
        total += points.weights[k] * std::pow(points.alphas[k], power);
    return total - 1.0 / (power + 1.0);
}

// One logit f(x) = (w·x)^3: along the path α x its gradient 3 α² (w·x)² w is a polynomial of
// degree 2 in α, and IG from zero is x ⊙ w (w·x)² exactly.
ExplainedModel cubic_model(const Tensor& weight) {
    auto w = std::make_shared<Tensor>(weight);  // (1, d)
    ExplainedModel model;
    model.logits = [w](Tape& tape, const Var& x) {
        const Var s = linear(x, tape.parameter(*w, nullptr), Var());
        return mul(mul(s, s), s);
    };
    return model;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(integrated_gradients_tests)

BOOST_AUTO_TEST_CASE(ig_on_linear_model_is_weight_times_input_minus_baseline) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({4, 5}, 1);
    const std::vector<int> targets{1, 0, 2, 1};
    const Tensor zero_baseline = integrated_gradients(model, x, targets, {});
    BOOST_TEST(max_abs_difference(zero_baseline, linear_attribution(linear_weight(), x, targets, std::vector<float>(5, 0.0f))) < 1e-5);
    const std::vector<float> b{0.5f, -1.0f, 0.25f, 2.0f, 0.0f};
    IntegratedGradientsSettings settings;
    settings.baseline = Baseline::given(Tensor{0.5f, -1.0f, 0.25f, 2.0f, 0.0f});
    for (IntegrationRule rule : every_rule) {
        settings.rule = rule;
        const Tensor a = integrated_gradients(model, x, targets, settings);
        BOOST_TEST(max_abs_difference(a, linear_attribution(linear_weight(), x, targets, b)) < 1e-5);
    }
}

BOOST_AUTO_TEST_CASE(quadrature_weights_sum_to_one_and_follow_captum) {
    for (IntegrationRule rule : every_rule) {
        const IntegrationPoints p = integration_points(rule, 4);
        double total = 0.0;
        for (double w : p.weights) total += w;
        BOOST_TEST(std::abs(total - 1.0) < 1e-12);
    }
    BOOST_TEST(integration_points(IntegrationRule::riemann_left, 4).alphas.front() == 0.0);
    BOOST_TEST(integration_points(IntegrationRule::riemann_right, 4).alphas.back() == 1.0);
    BOOST_TEST(integration_points(IntegrationRule::riemann_middle, 4).alphas.front() == 0.125);
    const IntegrationPoints trapezoid = integration_points(IntegrationRule::trapezoid, 3);
    BOOST_TEST((trapezoid.alphas == std::vector<double>{0.0, 0.5, 1.0}));
    BOOST_TEST((trapezoid.weights == std::vector<double>{0.25, 0.5, 0.25}));
}

BOOST_AUTO_TEST_CASE(ig_completeness_on_mlp) {
    const ExplainedModel model = mlp_model(20, 64, 3, 11);
    const Tensor x = normal_inputs({6, 20}, 5);
    const std::vector<int> targets{0, 1, 2, 2, 1, 0};
    for (IntegrationRule rule : {IntegrationRule::trapezoid, IntegrationRule::riemann_middle}) {
        const double coarse = completeness_error(model, x, targets, 8, rule);
        const double fine = completeness_error(model, x, targets, 256, rule);
        BOOST_TEST(fine < coarse);
        BOOST_TEST(fine < 2e-2);
    }
    BOOST_TEST(completeness_error(model, x, targets, 256, IntegrationRule::gauss_legendre) < 2e-2);
}

BOOST_AUTO_TEST_CASE(ig_completeness_on_cnn) {
    const ExplainedModel model = cnn8by8_model(2, 12);
    const Tensor x = normal_inputs({5, 1, 8, 8}, 6);
    const std::vector<int> targets{0, 1, 0, 1, 1};
    const double coarse = completeness_error(model, x, targets, 8, IntegrationRule::trapezoid);
    const double fine = completeness_error(model, x, targets, 256, IntegrationRule::trapezoid);
    BOOST_TEST(fine < coarse);
    BOOST_TEST(fine < 2e-2);
    BOOST_TEST(completeness_error(model, x, targets, 256, IntegrationRule::gauss_legendre) < 2e-2);
}

BOOST_AUTO_TEST_CASE(gauss_legendre_points_are_the_known_ones_on_zero_one) {
    // leggauss(2): ±1/√3, weights 1; leggauss(3): 0, ±√(3/5), weights 8/9, 5/9; halved onto [0, 1].
    const IntegrationPoints two = integration_points(IntegrationRule::gauss_legendre, 2);
    BOOST_TEST(std::abs(two.alphas[0] - (0.5 - 0.5 / std::sqrt(3.0))) < 1e-15);
    BOOST_TEST(std::abs(two.alphas[1] - (0.5 + 0.5 / std::sqrt(3.0))) < 1e-15);
    BOOST_TEST(std::abs(two.weights[0] - 0.5) < 1e-15);
    BOOST_TEST(std::abs(two.weights[1] - 0.5) < 1e-15);
    const IntegrationPoints three = integration_points(IntegrationRule::gauss_legendre, 3);
    const std::vector<double> alphas{0.5 - 0.5 * std::sqrt(0.6), 0.5, 0.5 + 0.5 * std::sqrt(0.6)};
    const std::vector<double> weights{5.0 / 18.0, 8.0 / 18.0, 5.0 / 18.0};
    for (std::size_t k = 0; k < 3; ++k) {
        BOOST_TEST(std::abs(three.alphas[k] - alphas[k]) < 1e-15);
        BOOST_TEST(std::abs(three.weights[k] - weights[k]) < 1e-15);
    }
}

BOOST_AUTO_TEST_CASE(gauss_legendre_integrates_polynomials_of_degree_below_twice_the_steps_exactly) {
    for (std::size_t steps : {1, 2, 5, 16, 50}) {
        const IntegrationPoints points = integration_points(IntegrationRule::gauss_legendre, steps);
        for (std::size_t k = 1; k < steps; ++k) BOOST_TEST(points.alphas[k - 1] < points.alphas[k]);
        for (int power = 0; power <= static_cast<int>(2 * steps - 1); ++power)
            BOOST_TEST(std::abs(monomial_error(points, power)) < 1e-13, "steps " << steps << ", power " << power);
        // Degree 2 steps is not exact: the error (steps!)^4 / ((2 steps + 1) ((2 steps)!)^2) is 1.4e-6 at 5 steps.
        if (steps <= 5) BOOST_TEST(std::abs(monomial_error(points, static_cast<int>(2 * steps))) > 1e-8);
    }
    // The other rules are exact only up to degree 1 (trapezoid, midpoint) or 0 (left, right).
    BOOST_TEST(std::abs(monomial_error(integration_points(IntegrationRule::riemann_middle, 4), 1)) < 1e-15);
    BOOST_TEST(std::abs(monomial_error(integration_points(IntegrationRule::riemann_middle, 4), 2)) > 1e-3);
    BOOST_TEST(std::abs(monomial_error(integration_points(IntegrationRule::trapezoid, 4), 2)) > 1e-3);
    BOOST_TEST(std::abs(monomial_error(integration_points(IntegrationRule::riemann_left, 4), 1)) > 1e-2);
}

BOOST_AUTO_TEST_CASE(gauss_legendre_ig_is_exact_for_a_cubic_logit_where_trapezoid_is_not) {
    const Tensor w{{0.5f, -1.0f, 0.25f, 2.0f}};
    const ExplainedModel model = cubic_model(w);
    const Tensor x = normal_inputs({3, 4}, 9);
    Tensor expected = Tensor::from_shape({3, 4});
    for (std::size_t i = 0; i < 3; ++i) {
        double s = 0.0;
        for (std::size_t j = 0; j < 4; ++j) s += w(0, j) * x(i, j);
        for (std::size_t j = 0; j < 4; ++j) expected(i, j) = static_cast<float>(x(i, j) * w(0, j) * s * s);
    }
    IntegratedGradientsSettings settings;
    settings.steps = 2;  // degree 2 <= 2 * 2 - 1
    const Tensor gauss = integrated_gradients(model, x, {0, 0, 0}, settings);
    BOOST_TEST(max_abs_difference(gauss, expected) < 1e-5);
    settings.rule = IntegrationRule::trapezoid;
    BOOST_TEST(max_abs_difference(integrated_gradients(model, x, {0, 0, 0}, settings), expected) > 1e-2);
}

BOOST_AUTO_TEST_CASE(rule_words_round_trip_and_a_bad_word_names_the_option) {
    for (IntegrationRule rule : every_rule)
        BOOST_TEST((parse_integration_rule(integration_rule_word(rule), "--ig-rule") == rule));
    BOOST_CHECK_EXCEPTION(parse_integration_rule("simpson", "--ig-rule"), Error, [](const Error& e) {
        const std::string what = e.what();
        return what.find("--ig-rule") != std::string::npos && what.find("gauss-legendre") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(bad_settings_name_the_argument) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({2, 5}, 1);
    IntegratedGradientsSettings settings;
    settings.steps = 0;
    BOOST_CHECK_THROW(integrated_gradients(model, x, {0, 1}, settings), Error);
    settings.rule = IntegrationRule::trapezoid;
    settings.steps = 1;
    BOOST_CHECK_THROW(integrated_gradients(model, x, {0, 1}, settings), Error);
    settings.steps = 10;
    settings.baseline = Baseline::given(Tensor{1.0f, 2.0f});
    BOOST_CHECK_EXCEPTION(integrated_gradients(model, x, {0, 1}, settings), Error, [](const Error& e) {
        return std::string(e.what()).find("baseline") != std::string::npos;
    });
}

BOOST_AUTO_TEST_SUITE_END()
