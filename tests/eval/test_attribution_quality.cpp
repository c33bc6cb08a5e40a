// Sparseness, complexity, explanation stability and the randomisation similarity on cases
// whose values are known by hand.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <vector>

#include "attribution/nn_model_adapter.hpp"
#include "autodiff/rng.hpp"
#include "eval/attribution_complexity.hpp"
#include "eval/attribution_scorecard.hpp"
#include "eval/explanation_stability.hpp"
#include "eval/parameter_randomisation.hpp"
#include "nn/mlp.hpp"
#include "support/expect_error.hpp"
#include "support/test_models.hpp"

using namespace agop;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(attribution_quality)

BOOST_AUTO_TEST_CASE(gini_is_zero_uniform_and_d_minus_one_over_d_for_one_element) {
    const Tensor maps{{1.0f, 1.0f, 1.0f, 1.0f}, {0.0f, -5.0f, 0.0f, 0.0f}, {0.0f, 1.0f, -2.0f, 3.0f}};
    const SampleMean gini = sparseness(maps);
    BOOST_TEST(gini.per_sample[0] == 0.0, tt::tolerance(1e-12));
    BOOST_TEST(gini.per_sample[1] == 0.75, tt::tolerance(1e-12));
    // sorted |a| = (0, 1, 2, 3): (−3·0 − 1·1 + 1·2 + 3·3) / (4 · 6) = 10 / 24
    BOOST_TEST(gini.per_sample[2] == 10.0 / 24.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(entropy_is_log_d_uniform_and_zero_for_one_element) {
    const Tensor maps{
        {2.0f, -2.0f, 2.0f, 2.0f}, {0.0f, 3.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 3.0f, 0.0f, 0.0f}};
    const SampleMean h = complexity(maps);
    BOOST_TEST(h.per_sample[0] == std::log(4.0), tt::tolerance(1e-12));
    BOOST_TEST(h.per_sample[1] == 0.0, tt::tolerance(1e-12));
    BOOST_TEST(h.per_sample[2] == std::log(4.0), tt::tolerance(1e-12));
    BOOST_TEST(h.per_sample[3] == -(0.25 * std::log(0.25) + 0.75 * std::log(0.75)), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_constant_gradient_is_perfectly_stable) {
    const Tensor weight{{1.0f, -2.0f, 0.5f}};
    const ExplainedModel model = testing::linear_model(weight, Tensor{0.0f});
    const Tensor x = Rng(1).normal_tensor({4, 3});
    const ExplainFunction gradient = [&](const Tensor& inputs, const std::vector<int>&) {
        Tensor a = Tensor::from_shape(inputs.shape());
        for (std::size_t i = 0; i < inputs.shape()[0]; ++i)
            for (std::size_t j = 0; j < 3; ++j) a(i, j) = weight(0, j);
        return a;
    };
    const StabilityScores s =
        explanation_stability(model, gradient, x, {0, 0, 0, 0}, gradient(x, {}), {8, 0.1, 1e-6, 2});
    BOOST_TEST(s.max_sensitivity.mean == 0.0);
    BOOST_TEST(s.relative_input_stability.mean == 0.0);
}

BOOST_AUTO_TEST_CASE(input_times_weight_moves_by_the_largest_weighted_draw) {
    // g(x) = x ⊙ w: g(y) − g(x) = u ⊙ w, so SENS_max = max_s ‖u_s ⊙ w‖ and, per draw,
    // ‖(g(x) − g(y)) / g(x)‖ = ‖u / x‖ = the relative input change: RIS = 1.
    const Tensor weight{{1.0f, -2.0f, 0.5f}};
    const ExplainedModel model = testing::linear_model(weight, Tensor{0.0f});
    const Tensor x = Rng(3).normal_tensor({2, 3});
    std::vector<Tensor> seen;
    const ExplainFunction times_weight = [&](const Tensor& inputs, const std::vector<int>&) {
        seen.push_back(inputs);
        Tensor a = inputs;
        for (std::size_t i = 0; i < inputs.shape()[0]; ++i)
            for (std::size_t j = 0; j < 3; ++j) a(i, j) *= weight(0, j);
        return a;
    };
    const Tensor a = times_weight(x, {});
    seen.clear();
    const StabilityScores s = explanation_stability(model, times_weight, x, {0, 0}, a, {16, 0.05, 1e-6, 4});
    BOOST_TEST_REQUIRE(seen.size() == 1u);
    for (std::size_t i = 0; i < 2; ++i) {
        double largest = 0.0;
        for (std::size_t k = 0; k < 16; ++k) {
            double sum = 0.0;
            for (std::size_t j = 0; j < 3; ++j) {
                const double moved = (seen[0](i * 16 + k, j) - x(i, j)) * weight(0, j);
                sum += moved * moved;
            }
            largest = std::max(largest, std::sqrt(sum));
        }
        BOOST_TEST(s.max_sensitivity.per_sample[i] == largest, tt::tolerance(1e-4));
        BOOST_TEST(s.relative_input_stability.per_sample[i] == 1.0, tt::tolerance(1e-3));
    }
}

BOOST_AUTO_TEST_CASE(randomisation_similarity_is_the_spearman_of_magnitudes) {
    const Tensor trained{{1.0f, 2.0f, 3.0f}, {3.0f, 2.0f, 1.0f}};
    const Tensor same{{-1.0f, 2.0f, -3.0f}, {1.0f, 2.0f, 3.0f}};
    const SampleMean s = randomisation_similarity(trained, same);
    BOOST_TEST(s.per_sample[0] == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(s.per_sample[1] == -1.0, tt::tolerance(1e-12));
    expect_error_mentioning([&] { randomisation_similarity(trained, Tensor::from_shape({2, 4})); }, {"randomisation"});
}

BOOST_AUTO_TEST_CASE(a_randomised_model_has_the_architecture_and_other_weights) {
    nn::Mlp trained(4, 3, {8}, 1);
    const auto fresh = randomised_model(trained, 99);
    BOOST_TEST(fresh->architecture() == trained.architecture());
    const Tensor x = Rng(2).normal_tensor({1, 4});
    const Tensor before = predict_logits(explained_model(trained), x);
    const Tensor after = predict_logits(explained_model(*fresh), x);
    BOOST_TEST(std::fabs(before(0, 0) - after(0, 0)) > 1e-6);
}

BOOST_AUTO_TEST_CASE(rank_agreement_signs_lower_is_better_metrics) {
    const std::vector<double> truth{0.9, 0.5, 0.1};
    BOOST_TEST(rank_agreement("insertion", {3.0, 2.0, 1.0}, truth) == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(rank_agreement("deletion", {3.0, 2.0, 1.0}, truth) == -1.0, tt::tolerance(1e-12));
    BOOST_TEST(rank_agreement("deletion", {0.1, 0.2, 0.3}, truth) == 1.0, tt::tolerance(1e-12));
    expect_error_mentioning([&] { rank_agreement("pgi", {1.0}, {1.0}); }, {"pgi", "2 methods"});
}

BOOST_AUTO_TEST_CASE(stability_draws_the_same_bits_for_the_same_seed) {
    const ExplainedModel model = testing::mlp_model(3, 8, 2, 4);
    const Tensor x = Rng(5).normal_tensor({5, 3});
    const ExplainFunction gradient = [&](const Tensor& inputs, const std::vector<int>& t) {
        return target_logit_gradients(model, inputs, t, "test");
    };
    const std::vector<int> targets{0, 1, 0, 1, 1};
    const Tensor a = gradient(x, targets);
    const auto run = [&](std::uint64_t seed) {
        const StabilityScores s = explanation_stability(model, gradient, x, targets, a, {6, 0.2, 1e-6, seed});
        std::vector<double> all = s.max_sensitivity.per_sample;
        all.insert(all.end(), s.relative_input_stability.per_sample.begin(),
                   s.relative_input_stability.per_sample.end());
        return all;
    };
    BOOST_TEST(run(1) == run(1), tt::per_element());
    BOOST_TEST(run(1) != run(2));
}

BOOST_AUTO_TEST_SUITE_END()
