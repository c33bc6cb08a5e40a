// The ROAR protocol on hand-checkable cases: how many features go, which ones, what replaces
// them, the area under the curve, and a retraining that learns a separable task.

#include <boost/test/unit_test.hpp>

#include <vector>

#include "autodiff/rng.hpp"
#include "eval/roar.hpp"
#include "support/expect_error.hpp"

using namespace agop;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(roar)

BOOST_AUTO_TEST_CASE(features_to_remove_rounds_the_fraction_of_features) {
    BOOST_TEST(features_to_remove(0.0, 14) == 0u);
    BOOST_TEST(features_to_remove(0.3, 14) == 4u);   // 4.2
    BOOST_TEST(features_to_remove(0.9, 14) == 13u);  // 12.6
    BOOST_TEST(features_to_remove(1.0, 23) == 23u);
    expect_error_mentioning([] { features_to_remove(1.5, 10); }, {"features_to_remove", "1.5"});
}

BOOST_AUTO_TEST_CASE(feature_importance_sums_magnitudes_per_group) {
    const Tensor importance = feature_importance(Tensor{{1, -2, 3}, {0, 0, -1}}, {0, 1, 1});
    BOOST_TEST(importance.shape()[1] == 2u);
    BOOST_TEST(importance(0, 0) == 1.0f);
    BOOST_TEST(importance(0, 1) == 5.0f);
    BOOST_TEST(importance(1, 0) == 0.0f);
    BOOST_TEST(importance(1, 1) == 1.0f);
    expect_error_mentioning([] { feature_importance(Tensor{{1, 2, 3}}, {0, 2, 2}); }, {"feature_importance"});
}

BOOST_AUTO_TEST_CASE(removal_replaces_every_column_of_the_top_features_per_row) {
    // Columns: feature 0 | feature 1 (one-hot, columns 1 and 2) | feature 2.
    const std::vector<std::size_t> groups{0, 1, 1, 2};
    const Tensor inputs{{1, 2, 3, 4}, {5, 6, 7, 8}};
    const Tensor replacement{10, 20, 30, 40};
    const Tensor importance{{0.1f, 0.5f, 0.3f}, {0.9f, 0.1f, 0.2f}};

    const Tensor one = remove_top_features(inputs, importance, groups, replacement, 1.0 / 3.0);
    BOOST_TEST((one == Tensor{{1, 20, 30, 4}, {10, 6, 7, 8}}));
    const Tensor two = remove_top_features(inputs, importance, groups, replacement, 2.0 / 3.0);
    BOOST_TEST((two == Tensor{{1, 20, 30, 40}, {10, 6, 7, 40}}));
    BOOST_TEST((remove_top_features(inputs, importance, groups, replacement, 0.0) == inputs));
    BOOST_TEST((remove_top_features(inputs, importance, groups, replacement, 1.0) == Tensor{{10, 20, 30, 40}, {10, 20, 30, 40}}));
}

BOOST_AUTO_TEST_CASE(removal_breaks_ties_towards_the_lower_feature) {
    const Tensor removed = remove_top_features(Tensor{{1, 2, 3}}, Tensor{{0.5f, 0.7f, 0.7f}}, {0, 1, 2},
                                               Tensor{0, 0, 0}, 1.0 / 3.0);
    BOOST_TEST((removed == Tensor{{1, 0, 3}}));
}

BOOST_AUTO_TEST_CASE(removal_rejects_mismatched_shapes) {
    const Tensor inputs{{1, 2, 3}};
    expect_error_mentioning([&] { remove_top_features(inputs, Tensor{{1, 2}}, {0, 1, 2}, Tensor{0, 0, 0}, 0.5); },
                            {"remove_top_features", "3", "2"});
    expect_error_mentioning([&] { remove_top_features(inputs, Tensor{{1, 2, 3}}, {0, 1, 2}, Tensor{0, 0}, 0.5); },
                            {"remove_top_features", "replacement"});
}

BOOST_AUTO_TEST_CASE(roar_auc_is_the_trapezoid_area) {
    BOOST_TEST(roar_auc({0.0, 0.5, 1.0}, {1.0, 0.8, 0.6}) == 0.8, tt::tolerance(1e-12));
    BOOST_TEST(roar_auc({0, 0.1, 0.3, 0.5, 0.7, 0.9}, std::vector<double>(6, 0.5)) == 0.45, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(retraining_learns_a_separable_task_and_rejects_more_than_two_classes) {
    Rng rng(3);
    const Tensor x_train = rng.normal_tensor({400, 3});
    const Tensor x_test = rng.normal_tensor({200, 3});
    auto labels_of = [](const Tensor& x) {
        std::vector<int> y(x.shape()[0]);
        for (std::size_t i = 0; i < y.size(); ++i) y[i] = x(i, 0) + x(i, 1) > 0 ? 1 : 0;
        return y;
    };
    TabularTrainingConfig training;
    training.epochs = 20;
    training.batch_size = 32;
    const ClassifierScores scores = retrain_and_score(x_train, labels_of(x_train), x_test, labels_of(x_test), training, 1);
    BOOST_TEST(scores.accuracy > 0.9);
    BOOST_TEST(scores.roc_auc > 0.95);

    std::vector<int> three_classes = labels_of(x_train);
    three_classes[0] = 2;
    expect_error_mentioning([&] { retrain_and_score(x_train, three_classes, x_test, labels_of(x_test), training, 1); },
                            {"retrain_and_score", "binary", "2"});
}

BOOST_AUTO_TEST_SUITE_END()
