// SmoothGrad: no noise gives the vanilla gradient; the noise is reproducible by seed.

#include <boost/test/unit_test.hpp>

#include "attribution/smoothgrad.hpp"
#include "attribution/vanilla_gradient.hpp"
#include "autodiff/error.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(smoothgrad_tests)

BOOST_AUTO_TEST_CASE(smoothgrad_without_noise_is_the_vanilla_gradient) {
    const ExplainedModel model = cnn8by8_model(2, 3);
    const Tensor x = normal_inputs({4, 1, 8, 8}, 2);
    const std::vector<int> targets{0, 1, 1, 0};
    SmoothGradSettings settings;
    settings.noise_level = 0.0;
    settings.samples = 10;
    BOOST_TEST(max_abs_difference(smoothgrad(model, x, targets, settings), vanilla_gradient(model, x, targets)) < 1e-6);
}

BOOST_AUTO_TEST_CASE(smoothgrad_is_bit_identical_for_a_seed_and_differs_across_seeds) {
    const ExplainedModel model = mlp_model(20, 64, 3, 4);
    const Tensor x = normal_inputs({5, 20}, 3);
    const std::vector<int> targets{0, 1, 2, 0, 1};
    SmoothGradSettings settings;
    settings.seed = 42;
    const Tensor first = smoothgrad(model, x, targets, settings);
    BOOST_TEST(bit_identical(first, smoothgrad(model, x, targets, settings)));
    settings.seed = 43;
    BOOST_TEST(!bit_identical(first, smoothgrad(model, x, targets, settings)));
}

BOOST_AUTO_TEST_CASE(bad_settings_name_the_argument) {
    const ExplainedModel model = mlp_model(20, 8, 3, 4);
    SmoothGradSettings settings;
    settings.samples = 0;
    BOOST_CHECK_EXCEPTION(smoothgrad(model, normal_inputs({1, 20}, 1), {0}, settings), Error,
                          [](const Error& e) { return std::string(e.what()).find("settings.samples") != std::string::npos; });
}

BOOST_AUTO_TEST_SUITE_END()
