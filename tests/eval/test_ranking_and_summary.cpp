// Average ranks, deterministic top-k, sample means and Student-t intervals.

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "eval/ranking.hpp"
#include "eval/summary.hpp"
#include "support/expect_error.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(ranking_and_summary)

BOOST_AUTO_TEST_CASE(expected_members_share_the_boundary_tie) {
    const std::vector<char> members{1, 0, 1, 0, 0};
    BOOST_TEST(expected_members_in_top_k({9, 1, 1, 1, 1}, 2, members) == 1.0 + 1.0 / 4.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(expected_members_in_top_k({1, 2, 3, 4, 5}, 3, members) == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(expected_members_in_top_k({0, 0, 0, 0, 0}, 5, members) == 2.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(average_ranks_share_tied_ranks) {
    const std::vector<double> ranks = average_ranks({10, 20, 20, 5});
    BOOST_TEST(ranks == (std::vector<double>{2, 3.5, 3.5, 1}), boost::test_tools::per_element());
    const std::vector<double> all_tied = average_ranks({7, 7, 7});
    BOOST_TEST(all_tied == (std::vector<double>{2, 2, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(largest_indices_break_ties_by_lower_index) {
    const std::vector<std::size_t> top2 = indices_of_largest({3, 1, 3, 2}, 2);
    BOOST_TEST(top2 == (std::vector<std::size_t>{0, 2}), boost::test_tools::per_element());
    const std::vector<std::size_t> top3 = indices_of_largest({3, 1, 3, 2}, 3);
    BOOST_TEST(top3 == (std::vector<std::size_t>{0, 2, 3}), boost::test_tools::per_element());
    const std::vector<std::size_t> tied = indices_of_largest({1, 1, 1, 1}, 2);
    BOOST_TEST(tied == (std::vector<std::size_t>{0, 1}), boost::test_tools::per_element());
    BOOST_TEST(count_members({0, 2, 3}, {1, 0, 0, 1}) == 2u);
    expect_error_mentioning([] { indices_of_largest({1, 2}, 3); }, {"indices_of_largest", "3", "2"});
}

BOOST_AUTO_TEST_CASE(interval_uses_student_t_for_small_n) {
    // values 1, 2, 3: mean 2, s = 1, t(0.975, 2) = 4.3027, half-width 4.3027 / sqrt(3).
    const MeanInterval three = mean_and_interval({1, 2, 3});
    BOOST_TEST(three.mean == 2.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(three.half_width == 4.3027 / std::sqrt(3.0), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(three.n == 3u);
    BOOST_TEST(std::isinf(mean_and_interval({5}).half_width));
    BOOST_TEST(mean_and_interval({5}).mean == 5.0);
    expect_error_mentioning([] { mean_and_interval({}); }, {"mean_and_interval", "0"});
}

BOOST_AUTO_TEST_CASE(interval_falls_back_to_normal_quantile_above_30_degrees_of_freedom) {
    BOOST_TEST(student_t_975(1) == 12.7062);
    BOOST_TEST(student_t_975(30) == 2.0423);
    BOOST_TEST(student_t_975(31) == 1.96);
    // 40 values alternating 0 and 2: mean 1, s = sqrt(40 / 39).
    std::vector<double> values;
    for (int i = 0; i < 40; ++i) values.push_back(i % 2 ? 2.0 : 0.0);
    const MeanInterval m = mean_and_interval(values);
    BOOST_TEST(m.mean == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(m.half_width == 1.96 * std::sqrt(40.0 / 39.0) / std::sqrt(40.0), boost::test_tools::tolerance(1e-12));
    expect_error_mentioning([] { student_t_975(0); }, {"student_t_975", "0"});
}

BOOST_AUTO_TEST_CASE(average_over_samples_uses_per_sample_or_shared_masks) {
    const Tensor batch = {{1.0f, 2.0f}, {3.0f, 4.0f}, {5.0f, 6.0f}};
    const auto dot = [](const Tensor& sample, const Tensor& mask) {
        return static_cast<double>(sample(0) * mask(0) + sample(1) * mask(1));
    };
    const SampleMean shared = average_over_samples("dot", batch, Tensor{1.0f, 0.0f}, dot);
    BOOST_TEST(shared.per_sample == (std::vector<double>{1, 3, 5}), boost::test_tools::per_element());
    BOOST_TEST(shared.mean == 3.0);
    const Tensor masks = {{0.0f, 1.0f}, {1.0f, 0.0f}, {1.0f, 1.0f}};
    const SampleMean each = average_over_samples("dot", batch, masks, dot);
    BOOST_TEST(each.per_sample == (std::vector<double>{2, 3, 11}), boost::test_tools::per_element());
    expect_error_mentioning([&] { average_over_samples("dot", batch, Tensor{1.0f, 0.0f, 0.0f}, dot); },
                            {"dot", "(3, 2)", "(3)"});
    expect_error_mentioning([&] { average_over_samples("dot", Tensor::from_shape({0, 2}), Tensor{1.0f, 0.0f}, dot); },
                            {"dot", "(0, 2)"});
}

BOOST_AUTO_TEST_SUITE_END()
