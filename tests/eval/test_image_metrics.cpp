// Channel pooling, pointing game, relevance mass and rank accuracy, XAI-TRIS importance
// precision and IoU under each binarisation rule, on hand-computed maps.

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "autodiff/rng.hpp"
#include "eval/channel_pooling.hpp"
#include "eval/iou.hpp"
#include "eval/localisation_metrics.hpp"
#include "support/expect_error.hpp"

using namespace agop;
namespace tt = boost::test_tools;

namespace {

// |map| = (0, 1, 0, 2, 5, 0, 0, 0, 5) in row-major order: two maximal pixels, 4 and 8.
const Tensor kMap = {{0, 1, 0}, {2, -5, 0}, {0, 0, 5}};
// G = {1, 4}.
const Tensor kMask = {{0, 1, 0}, {0, 1, 0}, {0, 0, 0}};

}  // namespace

BOOST_AUTO_TEST_SUITE(image_metrics)

BOOST_AUTO_TEST_CASE(pool_channels_computes_each_of_the_six_poolings) {
    // (C=2, H=1, W=2): pixel 0 has channel values (1, -3), pixel 1 has (-2, 4).
    const Tensor r = {{{1, -2}}, {{-3, 4}}};
    const auto pooled = [&](ChannelPooling p) {
        const Tensor out = pool_channels(r, p);
        return std::vector<float>(out.begin(), out.end());
    };
    BOOST_TEST(pooled(ChannelPooling::sum_of_abs) == (std::vector<float>{4, 6}), tt::per_element());
    BOOST_TEST(pooled(ChannelPooling::max_abs) == (std::vector<float>{3, 4}), tt::per_element());
    BOOST_TEST(pooled(ChannelPooling::l2) == (std::vector<float>{std::sqrt(10.0f), std::sqrt(20.0f)}), tt::per_element());
    BOOST_TEST(pooled(ChannelPooling::l2_squared) == (std::vector<float>{10, 20}), tt::per_element());
    BOOST_TEST(pooled(ChannelPooling::abs_of_sum) == (std::vector<float>{2, 2}), tt::per_element());
    BOOST_TEST(pooled(ChannelPooling::positive_sum) == (std::vector<float>{0, 2}), tt::per_element());
    BOOST_TEST(shape_of(pool_channels(r)) == (Shape{1, 2}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(pool_channels_pools_each_sample_of_a_batch) {
    const Tensor batch = {{{{1, -2}}, {{-3, 4}}}, {{{2, -4}}, {{-6, 8}}}};  // (N=2, C=2, H=1, W=2)
    const Tensor pooled = pool_channels(batch);
    BOOST_TEST(shape_of(pooled) == (Shape{2, 1, 2}), tt::per_element());
    BOOST_TEST(std::vector<float>(pooled.begin(), pooled.end()) == (std::vector<float>{4, 6, 8, 12}), tt::per_element());
    expect_error_mentioning([] { pool_channels(Tensor{{1, 2}, {3, 4}}); }, {"pool_channels", "(2, 2)"});
}

BOOST_AUTO_TEST_CASE(pointing_game_hits_when_any_maximal_pixel_is_in_the_mask) {
    BOOST_TEST(pointing_game(kMap, kMask) == 1.0);                                        // maximal 4 in G
    BOOST_TEST(pointing_game(kMap, Tensor{{1, 1, 0}, {0, 0, 0}, {0, 0, 0}}) == 0.0);     // neither 4 nor 8
    BOOST_TEST(pointing_game(kMap, Tensor{{0, 0, 0}, {0, 0, 0}, {0, 0, 1}}) == 1.0);     // the second maximum, 8
    BOOST_TEST(pointing_game(filled({3, 3}, 0.0f), kMask) == 1.0);          // all tie
    BOOST_TEST(mean_pointing_game(Tensor{{{1, 0}}, {{0, 1}}}, Tensor{{1, 0}}).mean == 0.5);
}

BOOST_AUTO_TEST_CASE(relevance_mass_is_share_of_absolute_relevance_in_the_mask) {
    BOOST_TEST(relevance_mass_accuracy(kMap, kMask) == 6.0 / 13.0, tt::tolerance(1e-12));
    BOOST_TEST(relevance_mass_accuracy(filled({3, 3}, 0.0f), kMask) == 2.0 / 9.0, tt::tolerance(1e-12));
    BOOST_TEST(mean_relevance_mass_accuracy(Tensor{{{1, 3}}, {{-1, 1}}}, Tensor{{1, 0}}).mean == 0.5 * (0.25 + 0.5),
               tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(rank_accuracy_and_importance_precision_on_ties_and_zeros) {
    // Top 2 of |map| are the tied pixels 4 and 8; only 4 is in G.
    BOOST_TEST(relevance_rank_accuracy(kMap, kMask) == 0.5, tt::tolerance(1e-12));
    BOOST_TEST(importance_precision(kMap, kMask) == 0.5, tt::tolerance(1e-12));
    // One non-zero pixel (1), G = {0, 1, 4}: rank accuracy fills its other 2 places from the
    // 8 tied zeros, 2 of them in G (expected 2 x 2/8 = 0.5 hits, so (1 + 0.5) / 3); importance
    // precision selects only pixel 1 and still divides by 3.
    const Tensor sparse = {{0, 7, 0}, {0, 0, 0}, {0, 0, 0}};
    const Tensor g = {{1, 1, 0}, {0, 1, 0}, {0, 0, 0}};
    BOOST_TEST(relevance_rank_accuracy(sparse, g) == 0.5, tt::tolerance(1e-12));
    BOOST_TEST(importance_precision(sparse, g) == 1.0 / 3.0, tt::tolerance(1e-12));
    BOOST_TEST(importance_precision(sparse * 0.0f, g) == 0.0);
    const Tensor maps = {{{0, 7, 0}, {0, 0, 0}, {0, 0, 0}}, {{9, 8, 0}, {0, 7, 0}, {0, 0, 0}}};
    BOOST_TEST(mean_importance_precision(maps, g).mean == 0.5 * (1.0 / 3.0 + 1.0), tt::tolerance(1e-12));
    BOOST_TEST(mean_relevance_rank_accuracy(maps, g).mean == 0.5 * (0.5 + 1.0), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(localisation_metrics_reject_empty_masks_and_mismatched_shapes) {
    const Tensor empty_mask = filled({3, 3}, 0.0f);
    expect_error_mentioning([&] { pointing_game(kMap, empty_mask); }, {"pointing_game", "at least one", "(3, 3)"});
    expect_error_mentioning([&] { relevance_mass_accuracy(kMap, empty_mask); }, {"relevance_mass_accuracy", "(3, 3)"});
    expect_error_mentioning([&] { relevance_rank_accuracy(kMap, Tensor{{1, 0}}); },
                            {"relevance_rank_accuracy", "(3, 3)", "(1, 2)"});
    expect_error_mentioning([&] { importance_precision(kMap, empty_mask); }, {"importance_precision", "(3, 3)"});
    expect_error_mentioning([&] { mean_pointing_game(kMap, Tensor{{1, 0}}); }, {"mean_pointing_game", "(3, 3)", "(1, 2)"});
}

BOOST_AUTO_TEST_CASE(iou_under_each_binarisation_rule) {
    // |map| = (0.9, 0.1, 0.5, 0.2, 0.8, 0.05), G = {0, 2}.
    const Tensor map = {{0.9f, 0.1f, 0.5f}, {0.2f, -0.8f, 0.05f}};
    const Tensor g = {{1, 0, 1}, {0, 0, 0}};
    // top-|G| selects {0, 4}: intersection 1, union 3; rank accuracy r = 1/2 gives r / (2 - r) = 1/3.
    BOOST_TEST(iou(map, g) == 1.0 / 3.0, tt::tolerance(1e-12));
    BOOST_TEST(iou(map, g, {BinarisationRule::top_fraction, 0.5}) == 2.0 / 3.0, tt::tolerance(1e-12));  // {0, 4, 2}
    BOOST_TEST(iou(map, g, {BinarisationRule::top_fraction, 0.3}) == 1.0 / 3.0, tt::tolerance(1e-12));  // ⌈1.8⌉ = 2
    BOOST_TEST(iou(map, g, {BinarisationRule::fraction_of_max, 0.5}) == 2.0 / 3.0, tt::tolerance(1e-12));  // >= 0.45
    BOOST_TEST(iou(map, g, {BinarisationRule::fraction_of_max, 1.0}) == 0.5, tt::tolerance(1e-12));       // {0}
    BOOST_TEST(iou(map, g, {BinarisationRule::otsu, 0.0}) == 2.0 / 3.0, tt::tolerance(1e-12));            // >= 0.5
    const Tensor selected = binarise(map, g, {BinarisationRule::top_fraction, 0.5});
    BOOST_TEST(std::vector<float>(selected.begin(), selected.end()) == (std::vector<float>{1, 0, 1, 0, 1, 0}),
               tt::per_element());
    // A constant map is selected whole by the threshold rules: IoU = |G| / P.
    const Tensor constant = {{3, 3, 3}, {3, 3, 3}};
    BOOST_TEST(iou(constant, g, {BinarisationRule::otsu, 0.0}) == 2.0 / 6.0, tt::tolerance(1e-12));
    BOOST_TEST(iou(constant, g, {BinarisationRule::fraction_of_max, 0.5}) == 2.0 / 6.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(otsu_threshold_maximises_between_class_variance) {
    BOOST_TEST(otsu_threshold({12, 1, 11, 2, 10, 3}) == 10.0);
    // Between-class variances of the 5 splits of (0.05, 0.1, 0.2, 0.5, 0.8, 0.9):
    // 0.0281, 0.0613, 0.0951, 0.0903, 0.0451; the third split starts the upper class at 0.5.
    BOOST_TEST(otsu_threshold({0.9, 0.1, 0.5, 0.2, 0.8, 0.05}) == 0.5);
    BOOST_TEST(otsu_threshold({4, 4, 4}) == 4.0);
    expect_error_mentioning([] { otsu_threshold({}); }, {"otsu_threshold", "0"});
}

BOOST_AUTO_TEST_CASE(top_ground_truth_size_iou_equals_r_over_two_minus_r) {
    Rng rng(11);
    for (int trial = 0; trial < 50; ++trial) {
        const Tensor map = rng.normal_tensor({8, 8});
        Tensor mask = rng.uniform_tensor({8, 8});
        for (auto& m : mask) m = m < 0.2f ? 1.0f : 0.0f;
        mask(trial % 8, 3) = 1.0f;
        const double r = relevance_rank_accuracy(map, mask);
        BOOST_TEST(iou(map, mask) == r / (2.0 - r), tt::tolerance(1e-12));
    }
}

BOOST_AUTO_TEST_CASE(miou_averages_and_rejects_bad_parameters) {
    const Tensor maps = {{{0.9f, 0.1f, 0.5f}, {0.2f, -0.8f, 0.05f}}, {{1, 0, 1}, {0, 0, 0}}};
    const Tensor g = {{1, 0, 1}, {0, 0, 0}};
    const SampleMean m = miou(maps, g);
    BOOST_TEST(m.per_sample.size() == 2u);
    BOOST_TEST(m.mean == 0.5 * (1.0 / 3.0 + 1.0), tt::tolerance(1e-12));
    expect_error_mentioning([&] { iou(maps, g); }, {"iou", "(2, 2, 3)", "(2, 3)"});
    expect_error_mentioning([&] { miou(maps, g, {BinarisationRule::top_fraction, 0.0}); }, {"iou", "(0, 1]"});
    expect_error_mentioning([&] { iou(g, g, {BinarisationRule::fraction_of_max, 1.5}); }, {"iou", "(0, 1]", "1.5"});
    expect_error_mentioning([&] { iou(g, g * 0.0f); }, {"iou", "at least one", "(2, 3)"});
}

BOOST_AUTO_TEST_SUITE_END()
