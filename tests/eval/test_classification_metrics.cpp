// Accuracy, exact ROC-AUC with ties, and the trapezoid area under a curve.

#include <boost/test/unit_test.hpp>

#include "eval/classification_metrics.hpp"
#include "support/expect_error.hpp"

using namespace agop;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(classification_metrics)

BOOST_AUTO_TEST_CASE(accuracy_is_share_of_matching_labels) {
    BOOST_TEST(accuracy({0, 1, 2, 1}, {0, 1, 1, 1}) == 0.75);
    BOOST_TEST(accuracy({2}, {2}) == 1.0);
    expect_error_mentioning([] { accuracy({0, 1}, {0}); }, {"accuracy", "2", "1"});
    expect_error_mentioning([] { accuracy({}, {}); }, {"accuracy", "0"});
}

BOOST_AUTO_TEST_CASE(roc_auc_counts_correctly_ordered_pairs) {
    // Pairs (positive, negative): 0.35 > 0.1, 0.35 < 0.4, 0.8 > both: 3 of 4.
    BOOST_TEST(roc_auc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}) == 0.75, tt::tolerance(1e-12));
    BOOST_TEST(roc_auc({0.1, 0.2, 0.3}, {0, 1, 1}) == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(roc_auc({0.1, 0.2, 0.3}, {1, 1, 0}) == 0.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(roc_auc_counts_ties_as_half) {
    BOOST_TEST(roc_auc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}) == 0.5, tt::tolerance(1e-12));
    // Positives 2 and 3, negatives 1 and 2: 1 + 1/2 + 1 + 1 over 4 pairs.
    BOOST_TEST(roc_auc({1, 2, 2, 3}, {0, 0, 1, 1}) == 0.875, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(roc_auc_refuses_one_class_and_other_labels) {
    expect_error_mentioning([] { roc_auc({0.1, 0.2}, {1, 1}); }, {"roc_auc", "both classes", "2 positives", "0 negatives"});
    expect_error_mentioning([] { roc_auc({0.1, 0.2}, {0, 2}); }, {"roc_auc", "0 or 1", "2"});
    expect_error_mentioning([] { roc_auc({0.1, 0.2, 0.3}, {0, 1}); }, {"roc_auc", "3", "2"});
}

BOOST_AUTO_TEST_CASE(area_under_curve_by_trapezoids) {
    BOOST_TEST(area_under_curve({0, 0.1, 0.3}, {1, 0.5, 0.5}) == 0.175, tt::tolerance(1e-12));
    BOOST_TEST(area_under_curve({0, 0.1, 0.3, 0.5, 0.7, 0.9}, {1, 1, 1, 1, 1, 1}) == 0.9, tt::tolerance(1e-12));
    BOOST_TEST(area_under_curve({2, 2}, {1, 5}) == 0.0);
    expect_error_mentioning([] { area_under_curve({0, 0.3, 0.1}, {1, 1, 1}); }, {"area_under_curve", "non-decreasing", "x[2]"});
    expect_error_mentioning([] { area_under_curve({0}, {1}); }, {"area_under_curve", "1"});
    expect_error_mentioning([] { area_under_curve({0, 1}, {1, 2, 3}); }, {"area_under_curve", "2", "3"});
}

BOOST_AUTO_TEST_SUITE_END()
