// The registry: every method by name, on tables and on images, with clear errors.

#include <boost/test/unit_test.hpp>

#include "attribution/baseline.hpp"
#include "attribution/method_registry.hpp"
#include "autodiff/error.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/explicit_agop.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(method_registry)

BOOST_AUTO_TEST_CASE(registry_lists_every_method_with_a_description) {
    const std::vector<std::string> expected{"agop-ixg", "agop-filtered-grad", "agop-weighted", "agop-global", "agop-local",
                                            "vanilla-grad", "input-x-gradient", "integrated-gradients", "smoothgrad", "gradcam",
                                            "deepshap", "kernelshap", "lime", "occlusion", "random"};
    BOOST_TEST(methods().size() == expected.size());
    for (const std::string& name : expected) {
        BOOST_TEST(find_method(name).name == name);
        BOOST_TEST(!find_method(name).description.empty());
    }
}

BOOST_AUTO_TEST_CASE(unknown_method_lists_the_known_names) {
    BOOST_CHECK_EXCEPTION(find_method("shap"), Error, [](const Error& e) {
        const std::string what = e.what();
        return what.find("'shap'") != std::string::npos && what.find("kernelshap") != std::string::npos &&
               what.find("agop-ixg") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(every_tabular_method_runs_by_name_with_predicted_targets) {
    const ExplainedModel model = mlp_model(20, 32, 3, 1);
    const Tensor training = normal_inputs({200, 20}, 2), x = normal_inputs({12, 20}, 3);
    MethodSettings settings;
    settings.agop.matrix = agop_by_jacobians(model, training);
    settings.deepshap.background = sample_background(training, 20, 4);
    settings.kernelshap.background = settings.deepshap.background;
    settings.kernelshap.budget = 200;
    const FeatureStatistics stats = feature_statistics(training);
    settings.lime.feature_mean = stats.mean;
    settings.lime.feature_std = stats.std;
    settings.lime.samples = 300;
    // The gradient methods take the predicted classes from their own forward pass
    // (attribute_for_predicted): the same bits as resolving the classes first.
    const Targets classes = Targets::classes(predicted_classes(model, x));
    for (const Method& method : methods()) {
        if (method.name == "gradcam") continue;
        const Tensor a = explain(method.name, model, x, Targets::predicted(), settings);
        BOOST_TEST((shape_of(a) == shape_of(x)), method.name);
        BOOST_TEST(max_abs_difference(a, explain(method.name, model, x, classes, settings)) == 0.0, method.name);
    }
}

BOOST_AUTO_TEST_CASE(image_methods_run_by_name) {
    const ExplainedModel model = cnn8by8_model(2, 5);
    const Tensor training = normal_inputs({50, 1, 8, 8}, 6), x = normal_inputs({3, 1, 8, 8}, 7);
    MethodSettings settings;
    settings.agop.matrix = agop_by_jacobians(model, training);
    settings.deepshap.background = sample_background(training, 10, 1);
    for (const std::string name : {"agop-weighted", "agop-global", "vanilla-grad", "integrated-gradients", "smoothgrad",
                                   "gradcam", "deepshap", "occlusion", "random"}) {
        const Tensor a = explain(name, model, x, Targets::classes({0, 1, 1}), settings);
        BOOST_TEST((shape_of(a) == shape_of(x)), name);
    }
}

BOOST_AUTO_TEST_CASE(target_out_of_range_names_the_sample) {
    const ExplainedModel model = mlp_model(20, 8, 3, 1);
    BOOST_CHECK_EXCEPTION(explain("vanilla-grad", model, normal_inputs({2, 20}, 1), Targets::classes({0, 3}), {}), Error,
                          [](const Error& e) { return std::string(e.what()).find("targets[1] = 3") != std::string::npos; });
}

BOOST_AUTO_TEST_SUITE_END()
