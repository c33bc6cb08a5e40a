// KernelSHAP: exact enumeration equals Shapley values from their definition; sampling
// converges to them as the budget grows; groups; seeds.

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "attribution/coalitions.hpp"
#include "attribution/feature_groups.hpp"
#include "attribution/kernelshap.hpp"
#include "autodiff/error.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// Shapley values of v(S) = mean_b f_c(x_S, b_rest) by their definition, over all subsets:
// φ_j = Σ_{S not containing j} |S|! (M - |S| - 1)! / M! (v(S ∪ {j}) - v(S)).
Tensor brute_force_shapley(const ExplainedModel& model, const Tensor& x, const std::vector<int>& targets,
                           const Tensor& background) {
    const std::size_t n = x.shape()[0], d = x.shape()[1], b_rows = background.shape()[0], subsets = 1u << d;
    Tensor rows = Tensor::from_shape({n * subsets * b_rows, d});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t s = 0; s < subsets; ++s)
            for (std::size_t b = 0; b < b_rows; ++b)
                for (std::size_t j = 0; j < d; ++j)
                    rows((i * subsets + s) * b_rows + b, j) = (s >> j & 1u) ? x(i, j) : background(b, j);
    const Tensor logits = predict_logits(model, rows);
    std::vector<double> factorial(d + 1, 1.0);
    for (std::size_t k = 1; k <= d; ++k) factorial[k] = factorial[k - 1] * static_cast<double>(k);
    Tensor phi = xt::zeros<float>({n, d});
    for (std::size_t i = 0; i < n; ++i) {
        auto v = [&](std::size_t s) {
            double total = 0.0;
            for (std::size_t b = 0; b < b_rows; ++b) total += logits((i * subsets + s) * b_rows + b, targets[i]);
            return total / static_cast<double>(b_rows);
        };
        for (std::size_t j = 0; j < d; ++j) {
            double value = 0.0;
            for (std::size_t s = 0; s < subsets; ++s) {
                if (s >> j & 1u) continue;
                const std::size_t size = __builtin_popcount(static_cast<unsigned>(s));
                value += factorial[size] * factorial[d - size - 1] / factorial[d] * (v(s | (1u << j)) - v(s));
            }
            phi(i, j) = static_cast<float>(value);
        }
    }
    return phi;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kernelshap_tests)

BOOST_AUTO_TEST_CASE(kernelshap_on_linear_model_with_one_background_row_is_weight_times_difference) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({4, 5}, 1);
    const std::vector<int> targets{1, 2, 0, 1};
    KernelShapSettings settings;
    settings.background = Tensor{{0.5f, -1.0f, 0.25f, 2.0f, 0.0f}};
    BOOST_TEST(max_abs_difference(kernelshap(model, x, targets, settings),
                                  linear_attribution(linear_weight(), x, targets, {0.5f, -1.0f, 0.25f, 2.0f, 0.0f})) < 1e-5);
}

BOOST_AUTO_TEST_CASE(exact_kernelshap_equals_brute_force_shapley_values) {
    const ExplainedModel model = mlp_model(8, 16, 3, 31);
    const Tensor x = normal_inputs({3, 8}, 2);
    const Tensor background = normal_inputs({4, 8}, 3);
    const std::vector<int> targets{0, 1, 2};
    KernelShapSettings settings;
    settings.background = background;
    BOOST_TEST(max_abs_difference(kernelshap(model, x, targets, settings), brute_force_shapley(model, x, targets, background)) < 1e-5);
}

BOOST_AUTO_TEST_CASE(exact_kernelshap_explains_a_regression_models_one_output) {
    // A regression MLP has one output, target 0 for every row; the Shapley values of that value.
    const ExplainedModel model = mlp_model(6, 16, 1, 33);
    const Tensor x = normal_inputs({4, 6}, 6);
    const Tensor background = normal_inputs({3, 6}, 7);
    const std::vector<int> targets(4, 0);
    KernelShapSettings settings;
    settings.background = background;
    BOOST_TEST(max_abs_difference(kernelshap(model, x, targets, settings), brute_force_shapley(model, x, targets, background)) < 1e-5);
}

BOOST_AUTO_TEST_CASE(sampled_kernelshap_converges_as_the_budget_grows) {
    const ExplainedModel model = mlp_model(8, 16, 3, 32);
    const Tensor x = normal_inputs({6, 8}, 4);
    const Tensor background = normal_inputs({3, 8}, 5);
    const std::vector<int> targets{0, 1, 2, 0, 1, 2};
    const Tensor exact = brute_force_shapley(model, x, targets, background);
    KernelShapSettings settings;
    settings.background = background;
    settings.exact_max_players = 0;
    double previous = 1e30;
    for (std::size_t budget : {24u, 64u, 160u, 254u}) {
        settings.budget = budget;
        const Tensor sampled = kernelshap(model, x, targets, settings);
        double error = 0.0;
        for (std::size_t i = 0; i < sampled.size(); ++i) error += std::abs(sampled.data()[i] - exact.data()[i]);
        BOOST_TEST(error < previous, "budget " << budget << ": error " << error << " after " << previous);
        previous = error;
    }
    BOOST_TEST(previous < 1e-3);
}

BOOST_AUTO_TEST_CASE(sampled_coalitions_keep_the_budget_and_pair_complements) {
    Rng rng(3);
    const Coalitions c = sampled_coalitions(20, 2 * 20 + 2048, rng);
    BOOST_TEST(c.count() == 2088u);
    double total = 0.0;
    for (double w : c.weights) total += w;
    BOOST_TEST(std::abs(total - 1.0) < 1e-9);
    for (std::size_t j = 0; j < 20; ++j) BOOST_TEST(c.members[j] + c.members[20 + j] == 1);
    BOOST_TEST(all_coalitions(4).count() == 14u);
}

BOOST_AUTO_TEST_CASE(grouped_kernelshap_gives_each_group_its_shapley_value) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({3, 5}, 6);
    const std::vector<int> targets{0, 1, 2};
    KernelShapSettings settings;
    settings.background = xt::zeros<float>({1, 5});
    settings.groups = {0, 0, 1, 2, 2};
    const Tensor per_group = sum_per_group(kernelshap(model, x, targets, settings), settings.groups);
    const Tensor expected = sum_per_group(linear_attribution(linear_weight(), x, targets, std::vector<float>(5, 0.0f)), settings.groups);
    BOOST_TEST(max_abs_difference(per_group, expected) < 1e-5);
    settings.groups = {0, 0, 2, 2, 2};
    BOOST_CHECK_EXCEPTION(kernelshap(model, x, targets, settings), Error,
                          [](const Error& e) { return std::string(e.what()).find("settings.groups") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(sampled_kernelshap_is_bit_identical_for_a_seed_and_differs_across_seeds) {
    const ExplainedModel model = mlp_model(20, 16, 3, 33);
    const Tensor x = normal_inputs({2, 20}, 7);
    KernelShapSettings settings;
    settings.background = normal_inputs({2, 20}, 8);
    settings.budget = 200;
    settings.seed = 5;
    const Tensor first = kernelshap(model, x, {0, 2}, settings);
    BOOST_TEST(bit_identical(first, kernelshap(model, x, {0, 2}, settings)));
    settings.seed = 6;
    BOOST_TEST(!bit_identical(first, kernelshap(model, x, {0, 2}, settings)));
}

BOOST_AUTO_TEST_SUITE_END()
