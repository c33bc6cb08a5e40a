#include <boost/test/unit_test.hpp>
#include <cmath>

#include "cli/explain_outputs.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::cli;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(explain_outputs)

BOOST_AUTO_TEST_CASE(predictions_are_the_argmax_and_its_softmax_probability) {
    const Tensor w = linear_weight(), b = linear_bias(), x = normal_inputs({5, 5}, 7);
    const Predictions p = predict(linear_model(w, b), x);
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
}

BOOST_AUTO_TEST_CASE(base_values_follow_each_methods_reference) {
    const Tensor w = linear_weight(), b = linear_bias(), x = normal_inputs({2, 5}, 8);
    const ExplainedModel model = linear_model(w, b);
    const std::vector<int> classes = {2, 0};
    MethodSettings settings;
    settings.kernelshap.background = normal_inputs({4, 5}, 9);
    const BaseValues shap = method_base_values("kernelshap", model, x, classes, settings);
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
    const BaseValues ixg = method_base_values("input-x-gradient", model, x, classes, settings);
    BOOST_TEST(std::abs(ixg.values[0] - b(2)) < 1e-6);
    BOOST_TEST(std::abs(ixg.values[1] - b(0)) < 1e-6);
    const BaseValues none = method_base_values("vanilla-grad", model, x, classes, settings);
    BOOST_TEST(std::isnan(none.values[0]));
    BOOST_TEST(none.meaning.find("none") == 0u);
}

BOOST_AUTO_TEST_CASE(predictions_csv_names_classes_and_quotes_them) {
    const Predictions p{{1, 0}, {0.75f, 0.5f}};
    BOOST_TEST(predictions_csv(p, {1, 1}, {"no", "yes, surely"}) ==
               "sample,predicted_class,probability,explained_class\n0,\"yes, surely\",0.75,\"yes, surely\"\n"
               "1,no,0.5,\"yes, surely\"\n");
    BOOST_TEST(predictions_csv(p, {1, 1}, {}) ==
               "sample,predicted_class,probability,explained_class\n0,1,0.75,1\n1,0,0.5,1\n");
}

BOOST_AUTO_TEST_SUITE_END()
