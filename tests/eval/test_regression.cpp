// Regression: RMSE and R^2 as sklearn computes them, the trainer's mean-squared-error path
// learning a linear target, and the target standardisation folded into the last layer.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/regression_metrics.hpp"
#include "eval/tabular_training.hpp"
#include "nn/optimizer.hpp"
#include "nn/trainer.hpp"

using namespace agop;

namespace {

// y = 2 x0 - x1 + 0.5 on n rows of [-1, 1]^2: labels 0, targets (n, 1).
nn::LabelledData linear_rows(std::size_t n, std::uint64_t seed) {
    Rng rng(seed);
    nn::LabelledData data{Tensor::from_shape({n, 2}), std::vector<int>(n, 0), Tensor::from_shape({n, 1})};
    for (std::size_t i = 0; i < n; ++i) {
        const double a = rng.uniform(-1.0, 1.0), b = rng.uniform(-1.0, 1.0);
        data.inputs(i, 0) = static_cast<float>(a);
        data.inputs(i, 1) = static_cast<float>(b);
        data.targets(i, 0) = static_cast<float>(2 * a - b + 0.5);
    }
    return data;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(regression)

BOOST_AUTO_TEST_CASE(rmse_and_r_squared_match_their_definitions) {
    const std::vector<double> actual{1, 2, 3, 4}, predicted{1, 2, 4, 3};
    BOOST_TEST(root_mean_squared_error(predicted, actual) == std::sqrt(0.5), boost::test_tools::tolerance(1e-12));
    // SS_res = 2, SS_tot = 5 (about the mean 2.5): R^2 = 0.6 (sklearn's r2_score gives the same)
    BOOST_TEST(r_squared(predicted, actual) == 0.6, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r_squared(actual, actual) == 1.0);
    BOOST_TEST(r_squared({2.5, 2.5, 2.5, 2.5}, actual) == 0.0);
    BOOST_CHECK_THROW(root_mean_squared_error({1.0}, {1.0, 2.0}), Error);
    BOOST_CHECK_THROW(r_squared({}, {}), Error);
}

BOOST_AUTO_TEST_CASE(the_trainer_fits_a_linear_target_by_mean_squared_error) {
    const nn::LabelledData train = linear_rows(400, 1), validation = linear_rows(100, 2);
    nn::Mlp model(2, 1, {16}, 5);
    nn::Adam optimizer(model.parameters(), nn::AdamOptions{1e-2f});
    nn::TrainerConfig config;
    config.epochs = 60;
    config.batch_size = 32;
    config.quiet = true;
    const double before = nn::evaluate_classifier(model, validation).first;
    nn::train_classifier(model, optimizer, train, &validation, config);
    const auto [mse, accuracy] = nn::evaluate_classifier(model, validation);
    const Tensor predicted = model.predict(validation.inputs, 64);
    double direct = 0.0;
    for (std::size_t i = 0; i < 100; ++i) direct += std::pow(predicted(i, 0) - validation.targets(i, 0), 2.0);
    BOOST_TEST(mse == direct / 100, boost::test_tools::tolerance(1e-6));
    BOOST_TEST(mse < 0.01 * before);
    BOOST_TEST(accuracy == 0.0);
}

BOOST_AUTO_TEST_CASE(folding_the_target_standardisation_predicts_in_the_targets_units) {
    nn::Mlp model(3, 1, {8, 8}, 4);
    const Tensor x = Tensor::from_shape({5, 3});
    Rng rng(9);
    for (float& v : const_cast<Tensor&>(x)) v = static_cast<float>(rng.uniform(-2.0, 2.0));
    const Tensor standardised = model.predict(x, 5);
    fold_target_standardisation(model, 12.5, -3.0);
    const Tensor folded = model.predict(x, 5);
    for (std::size_t i = 0; i < 5; ++i)
        BOOST_TEST(folded(i, 0) == 12.5 * standardised(i, 0) - 3.0, boost::test_tools::tolerance(1e-4));
    nn::Mlp classifier(3, 2, {8}, 4);
    BOOST_CHECK_THROW(fold_target_standardisation(classifier, 1.0, 0.0), Error);
    BOOST_CHECK_THROW(fold_target_standardisation(model, 0.0, 0.0), Error);
}

BOOST_AUTO_TEST_SUITE_END()
