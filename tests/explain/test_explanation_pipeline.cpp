// The explanation pipeline's pieces: predictions, base values from the registry's reference
// outputs, targets, prepared settings and the predictions file.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "autodiff/error.hpp"
#include "explain/explanation_writers.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/expect_error.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(explanation_pipeline)

BOOST_AUTO_TEST_CASE(predictions_are_the_argmax_and_its_softmax_probability) {
    const Tensor w = linear_weight(), b = linear_bias(), x = normal_inputs({5, 5}, 7);
    const Predictions p = predict(linear_model(w, b), x, false);
    for (std::size_t r = 0; r < 5; ++r) {
        double z[3], total = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            z[k] = b(k);
            for (std::size_t j = 0; j < 5; ++j) z[k] += w(k, j) * x(r, j);
        }
        const std::size_t best = std::max_element(z, z + 3) - z;
        for (double v : z) total += std::exp(v - z[best]);
        BOOST_TEST(p.predicted_class[r] == static_cast<int>(best));
        BOOST_TEST(std::abs(p.probability[r] - 1.0 / total) < 1e-6);
    }
    BOOST_TEST(p.predicted_value.empty());
}

BOOST_AUTO_TEST_CASE(a_regression_model_predicts_its_one_output_and_more_outputs_are_refused) {
    Tensor w = Tensor::from_shape({1, 5}), b = Tensor::from_shape({1});
    for (std::size_t j = 0; j < 5; ++j) w(0, j) = 0.5f * static_cast<float>(j) - 1.0f;
    b(0) = 3.0f;
    const Tensor x = normal_inputs({4, 5}, 3);
    const Predictions p = predict(linear_model(w, b), x, true);
    BOOST_TEST(p.predicted_class.empty());
    for (std::size_t r = 0; r < 4; ++r) {
        double y = b(0);
        for (std::size_t j = 0; j < 5; ++j) y += w(0, j) * x(r, j);
        BOOST_TEST(std::abs(p.predicted_value[r] - y) < 1e-5);
    }
    expect_error_mentioning([&] { predict(linear_model(linear_weight(), linear_bias()), x, true); }, {"one output"});
}

BOOST_AUTO_TEST_CASE(base_values_come_from_each_methods_reference_in_the_registry) {
    const Tensor w = linear_weight(), b = linear_bias(), x = normal_inputs({2, 5}, 8);
    const ExplainedModel model = linear_model(w, b);
    const std::vector<int> classes = {2, 0};
    MethodSettings settings;
    settings.kernelshap.background = normal_inputs({4, 5}, 9);
    const BaseValues shap = method_base_values(find_method("kernelshap"), model, shape_of(x), classes, settings);
    for (std::size_t r = 0; r < 2; ++r) {
        double mean = 0;  // the mean logit of the class over the background, by hand
        for (std::size_t i = 0; i < 4; ++i) {
            double z = b(classes[r]);
            for (std::size_t j = 0; j < 5; ++j) z += w(classes[r], j) * settings.kernelshap.background(i, j);
            mean += z / 4;
        }
        BOOST_TEST(std::abs(shap.values[r] - mean) < 1e-5);
    }
    // Input x gradient expands around zero: the base is the bias.
    const BaseValues ixg = method_base_values(find_method("input-x-gradient"), model, shape_of(x), classes, settings);
    BOOST_TEST(std::abs(ixg.values[0] - b(2)) < 1e-6);
    BOOST_TEST(std::abs(ixg.values[1] - b(0)) < 1e-6);
    // Integrated Gradients: the output at its baseline.
    Tensor baseline = Tensor::from_shape({5});
    for (std::size_t j = 0; j < 5; ++j) baseline(j) = 0.25f * static_cast<float>(j);
    settings.integrated_gradients.baseline = Baseline::given(baseline);
    const BaseValues ig =
        method_base_values(find_method("integrated-gradients"), model, shape_of(x), classes, settings);
    double at_baseline = b(2);
    for (std::size_t j = 0; j < 5; ++j) at_baseline += w(2, j) * baseline(j);
    BOOST_TEST(std::abs(ig.values[0] - at_baseline) < 1e-5);
    const BaseValues none = method_base_values(find_method("vanilla-grad"), model, shape_of(x), classes, settings);
    BOOST_TEST(std::isnan(none.values[0]));
    BOOST_TEST(none.meaning.find("none") == 0u);
}

BOOST_AUTO_TEST_CASE(regression_explains_output_zero_of_every_row_and_refuses_given_targets) {
    const Targets t = explained_targets({}, 3, true);
    BOOST_TEST(!t.is_predicted());
    BOOST_TEST(t.given() == std::vector<int>({0, 0, 0}));
    BOOST_TEST(explained_targets({}, 3, false).is_predicted());
    BOOST_TEST(explained_targets({1, 0, 1}, 3, false).given() == std::vector<int>({1, 0, 1}));
    expect_error_mentioning([&] { explained_targets({0, 0, 0}, 3, true); }, {"--targets", "regression"});
}

BOOST_AUTO_TEST_CASE(prepared_methods_take_their_output_and_needs_from_the_registry) {
    ExplainSettings s;
    s.method = "kernelshap";
    MethodData d;
    expect_error_mentioning([&] { prepare_method(s, d); }, {"--method kernelshap", "--background"});
    s.method = "lime";
    s.lime_samples = 40;
    TabularPreprocessing pre;
    pre.encoded_mean = {0.5, -1.0};
    pre.encoded_std = {1.0, 2.0};
    d.preprocessing = &pre;
    d.seed = 9;
    const PreparedMethod lime = prepare_method(s, d);
    BOOST_TEST(lime.model_output == "probability");
    BOOST_TEST(lime.settings.lime.samples == 40u);
    BOOST_TEST(lime.settings.lime.seed == 9u);
    BOOST_TEST(lime.settings.lime.feature_std(1) == 2.0f);
    s.method = "integrated-gradients";
    BOOST_TEST(prepare_method(s, d).model_output == "logit");
    d.regression = true;
    BOOST_TEST(prepare_method(s, d).model_output == "value");
    s.model_output = "probability";
    expect_error_mentioning([&] { prepare_method(s, d); }, {"--model-output probability", "regression"});
}

BOOST_AUTO_TEST_CASE(the_task_comes_from_the_checkpoint_metadata) {
    BOOST_TEST(!is_regression({}, "m.safetensors"));
    BOOST_TEST(!is_regression({{"task", "classification"}}, "m.safetensors"));
    BOOST_TEST(is_regression({{"task", "regression"}}, "m.safetensors"));
    expect_error_mentioning(
        [&] {
            is_regression({{"task", "ranking"}}, "m.safetensors");
        },
        {"m.safetensors", "ranking"});
}

BOOST_AUTO_TEST_CASE(predictions_csv_names_classes_and_quotes_them) {
    const Predictions p{{1, 0}, {0.75f, 0.5f}, {}};
    BOOST_TEST(predictions_csv(p, {1, 1}, {"no", "yes, surely"}) ==
               "sample,predicted_class,probability,explained_class\n0,\"yes, surely\",0.75,\"yes, surely\"\n"
               "1,no,0.5,\"yes, surely\"\n");
    BOOST_TEST(predictions_csv(p, {1, 1}, {}) ==
               "sample,predicted_class,probability,explained_class\n0,1,0.75,1\n1,0,0.5,1\n");
    const Predictions values{{}, {}, {2.5f, -0.125f}};
    BOOST_TEST(predictions_csv(values, {0, 0}, {}) == "sample,predicted_value\n0,2.5\n1,-0.125\n");
}

BOOST_AUTO_TEST_SUITE_END()
