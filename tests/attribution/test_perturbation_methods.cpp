// LIME, occlusion and the random reference.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "attribution/lime.hpp"
#include "attribution/occlusion.hpp"
#include "attribution/random_attribution.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

std::vector<std::size_t> ranking_by_magnitude(const float* values, std::size_t d) {
    std::vector<std::size_t> order(d);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return std::abs(values[a]) > std::abs(values[b]); });
    return order;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(perturbation_methods)

BOOST_AUTO_TEST_CASE(lime_recovers_a_linear_models_coefficients_and_ranking) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor training = normal_inputs({500, 5}, 1);
    const FeatureStatistics stats = feature_statistics(training);
    LimeSettings settings;
    settings.feature_mean = stats.mean;
    settings.feature_std = stats.std;
    const Tensor x = normal_inputs({3, 5}, 2);
    const std::vector<int> targets{0, 1, 2};
    const Tensor a = lime(model, x, targets, settings);
    const Tensor w = linear_weight();
    for (std::size_t i = 0; i < 3; ++i) {
        std::vector<float> expected(5);
        for (std::size_t j = 0; j < 5; ++j) expected[j] = w(targets[i], j) * stats.std(j);
        for (std::size_t j = 0; j < 5; ++j) BOOST_TEST(std::abs(a(i, j) - expected[j]) < 0.02 * std::abs(w(targets[i], 2)) + 0.02);
        const auto got = ranking_by_magnitude(a.data() + i * 5, 5), want = ranking_by_magnitude(expected.data(), 5);
        BOOST_TEST((std::vector<std::size_t>(got.begin(), got.begin() + 3) == std::vector<std::size_t>(want.begin(), want.begin() + 3)));
    }
}

BOOST_AUTO_TEST_CASE(lime_is_bit_identical_for_a_seed_and_differs_across_seeds) {
    const ExplainedModel model = mlp_model(20, 16, 3, 4);
    const FeatureStatistics stats = feature_statistics(normal_inputs({100, 20}, 3));
    LimeSettings settings;
    settings.feature_mean = stats.mean;
    settings.feature_std = stats.std;
    settings.samples = 500;
    settings.seed = 8;
    const Tensor x = normal_inputs({2, 20}, 5);
    const Tensor first = lime(model, x, {0, 1}, settings);
    BOOST_TEST(bit_identical(first, lime(model, x, {0, 1}, settings)));
    settings.seed = 9;
    BOOST_TEST(!bit_identical(first, lime(model, x, {0, 1}, settings)));
}

BOOST_AUTO_TEST_CASE(lime_without_training_statistics_names_the_setting) {
    const ExplainedModel model = mlp_model(20, 16, 3, 4);
    BOOST_CHECK_EXCEPTION(lime(model, normal_inputs({1, 20}, 1), {0}, {}), Error,
                          [](const Error& e) { return std::string(e.what()).find("settings.feature_mean") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(occlusion_on_linear_model_is_weight_times_input_minus_baseline) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({4, 5}, 3);
    const std::vector<int> targets{2, 1, 0, 2};
    OcclusionSettings settings;
    settings.baseline = Baseline::given(Tensor{1.0f, 0.0f, -1.0f, 0.5f, 0.25f});
    BOOST_TEST(max_abs_difference(occlusion(model, x, targets, settings),
                                  linear_attribution(linear_weight(), x, targets, {1.0f, 0.0f, -1.0f, 0.5f, 0.25f})) < 1e-5);
}

BOOST_AUTO_TEST_CASE(occlusion_with_one_pixel_patches_on_a_linear_image_model) {
    const Tensor weight = normal_inputs({2, 36}, 4), bias = Tensor{0.5f, -0.5f};
    const ExplainedModel flat = linear_model(weight, bias);
    ExplainedModel model;
    model.logits = [flat](Tape& tape, const Var& x) { return flat.logits(tape, agop::flatten(x)); };
    const Tensor x = normal_inputs({2, 1, 6, 6}, 5);
    OcclusionSettings settings;
    settings.patch = 1;
    const Tensor a = occlusion(model, x, {1, 0}, settings);
    const Tensor expected = linear_attribution(weight, Tensor(xt::reshape_view(x, {2, 36})), {1, 0}, std::vector<float>(36, 0.0f));
    BOOST_TEST(max_abs_difference(Tensor(xt::reshape_view(a, {2, 36})), expected) < 1e-5);
    settings.patch = 4;
    settings.stride = 3;
    BOOST_TEST((shape_of(occlusion(model, x, {1, 0}, settings)) == Shape{2, 1, 6, 6}));
}

BOOST_AUTO_TEST_CASE(random_attribution_is_bit_identical_for_a_seed_and_differs_across_seeds) {
    const Tensor x = xt::zeros<float>({3, 1, 4, 4});
    RandomSettings settings;
    settings.seed = 1;
    const Tensor first = random_attribution(x, settings);
    BOOST_TEST(bit_identical(first, random_attribution(x, settings)));
    for (float v : first) BOOST_TEST((v >= -1.0f && v < 1.0f));
    settings.seed = 2;
    BOOST_TEST(!bit_identical(first, random_attribution(x, settings)));
}

BOOST_AUTO_TEST_SUITE_END()
