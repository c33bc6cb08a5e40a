// Vanilla gradient and InputXGradient, the batched input gradient they share, targets.

#include <boost/test/unit_test.hpp>

#include <set>

#include "attribution/input_x_gradient.hpp"
#include "attribution/targets.hpp"
#include "attribution/vanilla_gradient.hpp"
#include "autodiff/error.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(gradients)

BOOST_AUTO_TEST_CASE(input_x_gradient_on_linear_model_is_weight_times_input) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({4, 5}, 1);
    const std::vector<int> targets{0, 2, 1, 2};
    const Tensor a = input_x_gradient(model, x, targets);
    BOOST_TEST(max_abs_difference(a, linear_attribution(linear_weight(), x, targets, std::vector<float>(5, 0.0f))) < 1e-6);
}

BOOST_AUTO_TEST_CASE(vanilla_gradient_of_batch_equals_per_sample_gradients) {
    ExplainedModel model = mlp_model(20, 64, 3, 7);
    const Tensor x = normal_inputs({9, 20}, 2);
    const std::vector<int> targets{0, 1, 2, 0, 1, 2, 0, 1, 2};
    const Tensor batched = vanilla_gradient(model, x, targets);
    model.max_batch_rows = 1;
    const Tensor one_by_one = vanilla_gradient(model, x, targets);
    BOOST_TEST(max_abs_difference(batched, one_by_one) < 1e-6);
}

BOOST_AUTO_TEST_CASE(predicted_targets_are_the_argmax) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = Tensor{{0.0f, 0.0f, 0.0f, 0.0f, 0.0f}, {10.0f, 0.0f, 0.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.0f, 10.0f, 0.0f}};
    BOOST_TEST((resolve_targets(model, x, Targets::predicted()) == std::vector<int>{2, 2, 1}));
    BOOST_TEST((resolve_targets(model, x, Targets::classes({0, 1, 2})) == std::vector<int>{0, 1, 2}));
}

BOOST_AUTO_TEST_CASE(predicted_class_is_the_first_maximum) {
    const std::vector<float> logits{1.0f, 3.0f, 3.0f, -2.0f};
    BOOST_TEST(predicted_class(logits.data(), 4) == 1);
    BOOST_TEST(predicted_class(logits.data() + 2, 2) == 0);
    BOOST_TEST(predicted_class(logits.data() + 3, 1) == 0);
}

// One pass instead of two (the classes from the gradient pass's own logits), the same bits.
BOOST_AUTO_TEST_CASE(predicted_class_gradients_equal_the_gradients_of_the_predicted_classes) {
    ExplainedModel model = mlp_model(20, 64, 3, 7);
    model.max_batch_rows = 64;  // several pieces
    const Tensor x = normal_inputs({300, 20}, 5);
    const std::vector<int> predicted = predicted_classes(model, x);
    BOOST_TEST(std::set<int>(predicted.begin(), predicted.end()).size() >= 2);
    const Tensor two_passes = target_logit_gradients(model, x, predicted, "test");
    const Tensor one_pass = predicted_class_gradients(model, x, "test");
    BOOST_TEST(max_abs_difference(one_pass, two_passes) == 0.0);
    BOOST_TEST(max_abs_difference(target_gradients(model, x, Targets::predicted(), "test"), two_passes) == 0.0);
    BOOST_TEST(max_abs_difference(target_gradients(model, x, Targets::classes(predicted), "test"), two_passes) == 0.0);
}

BOOST_AUTO_TEST_CASE(bad_targets_and_shapes_name_the_argument) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({2, 5}, 3);
    auto message_has = [](const std::string& word) {
        return [word](const Error& e) { return std::string(e.what()).find(word) != std::string::npos; };
    };
    BOOST_CHECK_EXCEPTION(vanilla_gradient(model, x, {0, 3}), Error, message_has("targets[1] = 3"));
    BOOST_CHECK_EXCEPTION(vanilla_gradient(model, x, {0}), Error, message_has("one class per sample"));
    BOOST_CHECK_EXCEPTION(resolve_targets(model, x, Targets::classes({-1, 0})), Error, message_has("negative"));
    BOOST_CHECK_EXCEPTION(vanilla_gradient(model, Tensor::from_shape({0, 5}), {}), Error, message_has("inputs"));
    BOOST_CHECK_EXCEPTION(vanilla_gradient(model, normal_inputs({2, 4}, 4), {0, 1}), Error, message_has("linear"));
    BOOST_CHECK_EXCEPTION(vanilla_gradient(ExplainedModel{}, x, {0, 1}), Error, message_has("model.logits"));
    BOOST_CHECK_EXCEPTION(vanilla_gradient(model, normal_inputs({2, 4}, 4), Targets::predicted()), Error,
                          message_has("linear"));
    BOOST_CHECK_EXCEPTION(vanilla_gradient(ExplainedModel{}, x, Targets::predicted()), Error,
                          message_has("model.logits"));
}

BOOST_AUTO_TEST_SUITE_END()
