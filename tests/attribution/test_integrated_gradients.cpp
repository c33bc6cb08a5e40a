// Integrated Gradients: exact on a linear model, complete (Σ a = f(x) - f(x')) up to a
// quadrature error that shrinks with the number of steps.

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "attribution/integrated_gradients.hpp"
#include "autodiff/error.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// Largest |Σ a(x_i) - (f_c(x_i) - f_c(baseline))| over the batch, zero baseline.
double completeness_error(const ExplainedModel& model, const Tensor& x, const std::vector<int>& targets,
                          std::size_t steps) {
    IntegratedGradientsSettings settings;
    settings.steps = steps;
    const Tensor a = integrated_gradients(model, x, targets, settings);
    const Tensor fx = predict_logits(model, x);
    const Tensor f0 = predict_logits(model, Tensor(xt::zeros<float>(x.shape())));
    double worst = 0.0;
    for (std::size_t i = 0; i < x.shape()[0]; ++i)
        worst = std::max(worst, std::abs(row_sum(a, i) - (fx(i, targets[i]) - f0(i, targets[i]))));
    return worst;
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
    for (RiemannRule rule : {RiemannRule::left, RiemannRule::right, RiemannRule::middle, RiemannRule::trapezoid}) {
        settings.rule = rule;
        const Tensor a = integrated_gradients(model, x, targets, settings);
        BOOST_TEST(max_abs_difference(a, linear_attribution(linear_weight(), x, targets, b)) < 1e-5);
    }
}

BOOST_AUTO_TEST_CASE(quadrature_weights_sum_to_one_and_follow_captum) {
    for (RiemannRule rule : {RiemannRule::left, RiemannRule::right, RiemannRule::middle, RiemannRule::trapezoid}) {
        const IntegrationPoints p = integration_points(rule, 4);
        double total = 0.0;
        for (double w : p.weights) total += w;
        BOOST_TEST(std::abs(total - 1.0) < 1e-12);
    }
    BOOST_TEST(integration_points(RiemannRule::left, 4).alphas.front() == 0.0);
    BOOST_TEST(integration_points(RiemannRule::right, 4).alphas.back() == 1.0);
    BOOST_TEST(integration_points(RiemannRule::middle, 4).alphas.front() == 0.125);
    const IntegrationPoints trapezoid = integration_points(RiemannRule::trapezoid, 3);
    BOOST_TEST((trapezoid.alphas == std::vector<double>{0.0, 0.5, 1.0}));
    BOOST_TEST((trapezoid.weights == std::vector<double>{0.25, 0.5, 0.25}));
}

BOOST_AUTO_TEST_CASE(ig_completeness_on_mlp) {
    const ExplainedModel model = mlp_model(20, 64, 3, 11);
    const Tensor x = normal_inputs({6, 20}, 5);
    const std::vector<int> targets{0, 1, 2, 2, 1, 0};
    const double coarse = completeness_error(model, x, targets, 8);
    const double fine = completeness_error(model, x, targets, 256);
    BOOST_TEST(fine < coarse);
    BOOST_TEST(fine < 2e-2);
}

BOOST_AUTO_TEST_CASE(ig_completeness_on_cnn) {
    const ExplainedModel model = cnn8by8_model(2, 12);
    const Tensor x = normal_inputs({5, 1, 8, 8}, 6);
    const std::vector<int> targets{0, 1, 0, 1, 1};
    const double coarse = completeness_error(model, x, targets, 8);
    const double fine = completeness_error(model, x, targets, 256);
    BOOST_TEST(fine < coarse);
    BOOST_TEST(fine < 2e-2);
}

BOOST_AUTO_TEST_CASE(bad_settings_name_the_argument) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({2, 5}, 1);
    IntegratedGradientsSettings settings;
    settings.steps = 1;
    BOOST_CHECK_THROW(integrated_gradients(model, x, {0, 1}, settings), Error);
    settings.steps = 10;
    settings.baseline = Baseline::given(Tensor{1.0f, 2.0f});
    BOOST_CHECK_EXCEPTION(integrated_gradients(model, x, {0, 1}, settings), Error, [](const Error& e) {
        return std::string(e.what()).find("baseline") != std::string::npos;
    });
}

BOOST_AUTO_TEST_SUITE_END()
