// The perturbation metrics on a linear model f(x) = w·x + c, where the faithful attribution
// and every metric's value are known in closed form, and their determinism.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <functional>
#include <vector>

#include "autodiff/rng.hpp"
#include "eval/deletion_insertion.hpp"
#include "eval/faithfulness_correlation.hpp"
#include "eval/infidelity.hpp"
#include "eval/prediction_gap.hpp"
#include "support/expect_error.hpp"
#include "support/test_models.hpp"

using namespace agop;
namespace tt = boost::test_tools;

namespace {

constexpr std::size_t kFeatures = 5;

// Two classes; the tests explain class 1: w = (2, -1, 0.5, 3, 0), c = 0.25.
const Tensor kWeight = Tensor{{1.0f, 0.0f, 0.0f, 0.0f, 1.0f}, {2.0f, -1.0f, 0.5f, 3.0f, 0.0f}};
const Tensor kBias = Tensor{0.0f, 0.25f};

double f1(const float* x) {
    double out = 0.25;
    for (std::size_t j = 0; j < kFeatures; ++j) out += static_cast<double>(kWeight(1, j)) * x[j];
    return out;
}

Tensor sample_inputs(std::size_t n, std::uint64_t seed) { return Rng(seed).normal_tensor({n, kFeatures}); }

// w ⊙ (x − b): the exact contribution of each feature, what a faithful method gives.
Tensor contributions(const Tensor& x, const Tensor& baseline) {
    Tensor a = Tensor::from_shape(x.shape());
    for (std::size_t i = 0; i < x.shape()[0]; ++i)
        for (std::size_t j = 0; j < kFeatures; ++j) a(i, j) = kWeight(1, j) * (x(i, j) - baseline(j));
    return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(faithfulness_metrics)

BOOST_AUTO_TEST_CASE(curve_area_is_the_trapezoid_rule_over_the_unit_interval) {
    BOOST_TEST(curve_area({1.0, 0.0}) == 0.5);
    BOOST_TEST(curve_area({4.0, 2.0, 2.0, 0.0}) == (2.0 + 2.0 + 2.0) / 3.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(deletion_and_insertion_of_the_exact_contributions_follow_the_sorted_sums) {
    const ExplainedModel model = testing::linear_model(kWeight, kBias);
    const Tensor x = sample_inputs(4, 1);
    const Tensor b{0.5f, -0.5f, 0.0f, 1.0f, 2.0f};
    const Tensor a = contributions(x, b);
    const std::vector<int> targets(4, 1);
    const auto scores = deletion_insertion(model, x, targets, a, b, element_groups(kFeatures));
    for (std::size_t i = 0; i < 4; ++i) {
        std::vector<double> sorted(a.data() + i * kFeatures, a.data() + (i + 1) * kFeatures);
        std::sort(sorted.rbegin(), sorted.rend());
        std::vector<double> deletion{f1(x.data() + i * kFeatures)}, insertion{f1(b.data())};
        for (double v : sorted) {
            deletion.push_back(deletion.back() - v);
            insertion.push_back(insertion.back() + v);
        }
        BOOST_TEST(scores.deletion.per_sample[i] == curve_area(deletion), tt::tolerance(1e-5));
        BOOST_TEST(scores.insertion.per_sample[i] == curve_area(insertion), tt::tolerance(1e-5));
    }
    BOOST_TEST(scores.deletion_curve.size() == kFeatures + 1);
}

BOOST_AUTO_TEST_CASE(the_random_order_reference_averages_to_the_straight_line) {
    // For a linear model the expected curve under a random order is linear in the fraction
    // removed: its area is (f(x) + f(b)) / 2.
    const ExplainedModel model = testing::linear_model(kWeight, kBias);
    const std::size_t n = 2000;
    Tensor x = Tensor::from_shape({n, kFeatures});
    const Tensor row = sample_inputs(1, 3);
    for (std::size_t i = 0; i < n; ++i) std::copy_n(row.data(), kFeatures, x.data() + i * kFeatures);
    Tensor b = Tensor::from_shape({kFeatures});
    std::fill(b.begin(), b.end(), 0.0f);
    const auto scores =
        deletion_insertion(model, x, std::vector<int>(n, 1), contributions(x, b), b, element_groups(kFeatures), {0, 7});
    const MeanInterval random = mean_and_interval(scores.deletion_random.per_sample);
    BOOST_TEST(std::fabs(random.mean - (f1(row.data()) + f1(b.data())) / 2.0) < 2.0 * random.half_width + 1e-9);
    BOOST_TEST(random.half_width > 0.0);
}

BOOST_AUTO_TEST_CASE(faithfulness_correlation_is_one_for_the_exact_contributions_and_minus_one_reversed) {
    const ExplainedModel model = testing::linear_model(kWeight, kBias);
    const Tensor x = sample_inputs(3, 2);
    const Tensor b = Tensor{0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
    const Tensor a = contributions(x, b);
    const FaithfulnessCorrelationSettings settings{30, 2, 5};
    const auto good = faithfulness_correlation(model, x, {1, 1, 1}, a, b, element_groups(kFeatures), settings);
    const auto bad = faithfulness_correlation(model, x, {1, 1, 1}, Tensor(-a), b, element_groups(kFeatures), settings);
    for (double v : good.per_sample) BOOST_TEST(v == 1.0, tt::tolerance(1e-5));
    for (double v : bad.per_sample) BOOST_TEST(v == -1.0, tt::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(infidelity_is_zero_for_the_gradient_and_sigma_squared_norm_squared_for_an_error) {
    const ExplainedModel model = testing::linear_model(kWeight, kBias);
    const Tensor x = sample_inputs(1, 4);
    Tensor gradient = Tensor::from_shape({1, kFeatures});
    for (std::size_t j = 0; j < kFeatures; ++j) gradient(0, j) = kWeight(1, j);
    const InfidelitySettings settings{20000, 0.1, 9};
    BOOST_TEST(infidelity(model, x, {1}, gradient, settings).mean < 1e-9);
    Tensor off = gradient;
    off(0, 0) += 1.0f;
    off(0, 4) -= 2.0f;  // ‖e‖² = 5
    BOOST_TEST(infidelity(model, x, {1}, off, settings).mean == 0.01 * 5.0, tt::tolerance(0.03));
}

BOOST_AUTO_TEST_CASE(pgu_is_zero_off_the_weights_and_pgi_the_folded_normal_mean) {
    const Tensor x = sample_inputs(1, 5);
    // |a| ranks features 3 and 0 on top, and the model's class-1 weights vanish off {0, 3}:
    // PGI = E|2 ε_0 + 3 ε_3| with 2 ε_0 + 3 ε_3 ~ N(0, 13 σ²).
    const Tensor weight{{0.0f, 0.0f, 0.0f, 0.0f, 0.0f}, {2.0f, 0.0f, 0.0f, 3.0f, 0.0f}};
    const ExplainedModel sparse = testing::linear_model(weight, kBias);
    const Tensor a{{2.0f, -1.0f, 0.5f, 3.0f, 0.0f}};
    const PredictionGapSettings settings{2, 20000, 0.1, 3};
    const PredictionGaps gaps = prediction_gaps(sparse, x, {1}, a, element_groups(kFeatures), settings);
    BOOST_TEST(gaps.unimportant.mean == 0.0, tt::tolerance(1e-6));
    BOOST_TEST(gaps.important.mean == 0.1 * std::sqrt(13.0) * std::sqrt(2.0 / M_PI), tt::tolerance(0.02));
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_bits_and_another_seed_other_draws) {
    const ExplainedModel model = testing::mlp_model(kFeatures, 8, 2, 11);
    const Tensor x = sample_inputs(6, 6);
    const Tensor a = sample_inputs(6, 8);
    Tensor b = Tensor::from_shape({kFeatures});
    std::fill(b.begin(), b.end(), 0.0f);
    const std::vector<int> targets{0, 1, 0, 1, 1, 0};
    const auto groups = element_groups(kFeatures);
    const auto run = [&](std::uint64_t seed) {
        std::vector<double> all;
        const auto di = deletion_insertion(model, x, targets, a, b, groups, {0, seed});
        for (const auto* m : {&di.deletion, &di.insertion, &di.deletion_random, &di.insertion_random})
            all.insert(all.end(), m->per_sample.begin(), m->per_sample.end());
        const auto fc = faithfulness_correlation(model, x, targets, a, b, groups, {10, 2, seed});
        all.insert(all.end(), fc.per_sample.begin(), fc.per_sample.end());
        const auto inf = infidelity(model, x, targets, a, {10, 0.1, seed});
        all.insert(all.end(), inf.per_sample.begin(), inf.per_sample.end());
        const auto pg = prediction_gaps(model, x, targets, a, groups, {2, 10, 0.1, seed});
        all.insert(all.end(), pg.important.per_sample.begin(), pg.important.per_sample.end());
        return all;
    };
    const std::vector<double> first = run(1), again = run(1), other = run(2);
    BOOST_TEST(first == again, tt::per_element());
    BOOST_TEST(first != other);
}

BOOST_AUTO_TEST_CASE(patches_span_every_channel_and_edge_patches_are_smaller) {
    const AttributionGroups groups = patch_groups({2, 3, 3}, 2);
    BOOST_TEST(groups.count == 4u);
    BOOST_TEST(groups.of_element[0] == 0u);          // (c0, y0, x0)
    BOOST_TEST(groups.of_element[2] == 1u);          // (c0, y0, x2)
    BOOST_TEST(groups.of_element[9 + 8] == 3u);      // (c1, y2, x2)
    BOOST_TEST(groups.of_element[9 + 3 + 1] == 0u);  // (c1, y1, x1)
    const std::vector<double> sums = group_attributions(std::vector<float>(18, 1.0f).data(), groups);
    BOOST_TEST(sums == (std::vector<double>{8, 4, 4, 2}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(mismatched_attributions_and_baselines_are_refused_by_name) {
    const ExplainedModel model = testing::linear_model(kWeight, kBias);
    const Tensor x = sample_inputs(2, 1);
    expect_error_mentioning(
        [&] {
            deletion_insertion(model, x, {1, 1}, Tensor::from_shape({2, 4}), Tensor::from_shape({kFeatures}),
                               element_groups(kFeatures));
        },
        {"deletion/insertion", "attributions"});
    expect_error_mentioning(
        [&] {
            faithfulness_correlation(model, x, {1, 1}, x, Tensor::from_shape({3}), element_groups(kFeatures));
        },
        {"faithfulness correlation", "baseline"});
    expect_error_mentioning([&] { infidelity(model, x, {1}, x); }, {"infidelity", "targets"});
}

BOOST_AUTO_TEST_SUITE_END()
