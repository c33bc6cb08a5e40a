// Spearman, noise feature mass and top-k precision on hand-computed cases.

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "eval/tabular_metrics.hpp"
#include "support/expect_error.hpp"

using namespace agop;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(tabular_metrics)

BOOST_AUTO_TEST_CASE(spearman_of_monotone_and_reversed_orders) {
    BOOST_TEST(spearman(Tensor{1, 2, 3, 4}, Tensor{10, 20, 30, 40}) == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(spearman(Tensor{1, 2, 3, 4}, Tensor{0.4f, 0.3f, 0.2f, 0.1f}) == -1.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(spearman_with_ties_is_pearson_of_average_ranks) {
    // ranks (1, 2.5, 2.5, 4) and (1, 2, 3, 4): r = 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
    BOOST_TEST(spearman(Tensor{1, 2, 2, 3}, Tensor{1, 2, 3, 4}) == std::sqrt(0.9), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(spearman_of_constant_input_is_zero) {
    BOOST_TEST(spearman(Tensor{1, 1, 1}, Tensor{1, 2, 3}) == 0.0);
    BOOST_TEST(spearman(Tensor{3, 1, 2}, Tensor{0, 0, 0}) == 0.0);
}

BOOST_AUTO_TEST_CASE(spearman_rejects_mismatched_or_short_inputs) {
    expect_error_mentioning([] { spearman(Tensor{1, 2, 3}, Tensor{1, 2}); }, {"spearman", "(3)", "(2)"});
    expect_error_mentioning([] { spearman(Tensor{1}, Tensor{1}); }, {"spearman", "(1)"});
}

BOOST_AUTO_TEST_CASE(mean_spearman_on_magnitudes_or_signed_values) {
    const Tensor a = {{-3, 1, 2}, {1, 2, 3}};
    const Tensor phi = {{3, 1, 2}, {3, 2, 1}};
    const SampleMean absolute = mean_spearman(a, phi);
    BOOST_TEST(absolute.per_sample[0] == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(absolute.per_sample[1] == -1.0, tt::tolerance(1e-12));
    BOOST_TEST(absolute.mean == 0.0, tt::tolerance(1e-12));
    // signed first row: ranks (1, 2, 3) vs (3, 1, 2): r = -1 / 2.
    const SampleMean signed_values = mean_spearman(a, phi, SpearmanValues::signed_values);
    BOOST_TEST(signed_values.per_sample[0] == -0.5, tt::tolerance(1e-12));
    // One ground-truth row shared by all samples (true coefficients).
    BOOST_TEST(mean_spearman(a, Tensor{1, 2, 3}).mean == 0.5 * (-0.5 + 1.0), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(noise_mass_is_share_of_absolute_attribution) {
    BOOST_TEST(noise_feature_mass(Tensor{1, -1, 2}, Tensor{0, 0, 1}) == 0.5, tt::tolerance(1e-12));
    BOOST_TEST(noise_feature_mass(Tensor{1, -3, 0}, Tensor{0, 0, 1}) == 0.0);
    // All-zero attribution reads as the uniform map: 3 noise features of 4.
    BOOST_TEST(noise_feature_mass(Tensor{0, 0, 0, 0}, Tensor{0, 1, 1, 1}) == 0.75, tt::tolerance(1e-12));
    const SampleMean m = mean_noise_feature_mass(Tensor{{1, -1, 2}, {4, 0, 0}}, Tensor{0, 0, 1});
    BOOST_TEST(m.mean == 0.25, tt::tolerance(1e-12));
    expect_error_mentioning([] { noise_feature_mass(Tensor{1, 2}, Tensor{0, 1, 1}); },
                            {"noise_feature_mass", "(2)", "(3)"});
}

BOOST_AUTO_TEST_CASE(top_k_precision_counts_relevant_among_largest_magnitudes) {
    const Tensor a = {0.1f, -5, 3, 0.2f};
    const Tensor relevant = {1, 0, 1, 0};
    BOOST_TEST(top_k_precision(a, relevant) == 0.5, tt::tolerance(1e-12));        // top 2: {1, 2}
    BOOST_TEST(top_k_precision(a, relevant, 3) == 1.0 / 3.0, tt::tolerance(1e-12));  // top 3: {1, 2, 3}
    BOOST_TEST(top_k_precision(a, relevant, 4) == 0.5, tt::tolerance(1e-12));
    // Ties count by expected share: a constant map scores |G| / d wherever G lies.
    BOOST_TEST(top_k_precision(Tensor{1, 1, 1, 1}, Tensor{1, 1, 0, 0}) == 0.5, tt::tolerance(1e-12));
    BOOST_TEST(top_k_precision(Tensor{0, 0, 0, 0}, Tensor{0, 0, 1, 1}) == 0.5, tt::tolerance(1e-12));
    // One clear winner in G, then one slot shared by a tie of three holding one member of G.
    BOOST_TEST(top_k_precision(Tensor{5, 1, 1, 1}, Tensor{1, 1, 0, 0}) == (1.0 + 1.0 / 3.0) / 2.0, tt::tolerance(1e-12));
    const SampleMean m = mean_top_k_precision(Tensor{{0.1f, -5, 3, 0.2f}, {9, 0, 8, 0}}, relevant);
    BOOST_TEST(m.mean == 0.75, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(top_k_precision_rejects_bad_k_and_empty_sets) {
    expect_error_mentioning([] { top_k_precision(Tensor{1, 2}, Tensor{1, 0}, 3); }, {"top_k_precision", "k = 3", "d = 2"});
    expect_error_mentioning([] { top_k_precision(Tensor{1, 2}, Tensor{1, 0}, 0); }, {"top_k_precision", "k = 0"});
    expect_error_mentioning([] { top_k_precision(Tensor{1, 2}, Tensor{0, 0}); }, {"top_k_precision", "at least one", "(2)"});
    expect_error_mentioning([] { mean_top_k_precision(Tensor{{1, 2}}, Tensor{{1, 0}, {0, 1}}); },
                            {"mean_top_k_precision", "(1, 2)", "(2, 2)"});
}

BOOST_AUTO_TEST_SUITE_END()
