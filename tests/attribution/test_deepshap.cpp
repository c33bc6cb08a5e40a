// DeepSHAP: exact on a linear model, summation to delta through ReLU and max-pooling.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "attribution/baseline.hpp"
#include "attribution/deepshap.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/error.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/resnet18.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// Largest |Σ a(x_i) - (f_c(x_i) - mean_b f_c(b))| relative to the largest |delta|.
double summation_to_delta_error(const ExplainedModel& model, const Tensor& x, const std::vector<int>& targets,
                                const Tensor& background) {
    DeepShapSettings settings;
    settings.background = background;
    const Tensor a = deepshap(model, x, targets, settings);
    const Tensor fx = predict_logits(model, x), fb = predict_logits(model, background);
    double worst = 0.0, largest = 0.0;
    for (std::size_t i = 0; i < x.shape()[0]; ++i) {
        double expected = 0.0;
        for (std::size_t b = 0; b < background.shape()[0]; ++b) expected += fb(b, targets[i]);
        const double delta = fx(i, targets[i]) - expected / static_cast<double>(background.shape()[0]);
        worst = std::max(worst, std::abs(row_sum(a, i) - delta));
        largest = std::max(largest, std::abs(delta));
    }
    return worst / largest;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(deepshap_tests)

BOOST_AUTO_TEST_CASE(deepshap_on_linear_model_with_zero_background_is_weight_times_input) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor x = normal_inputs({4, 5}, 1);
    const std::vector<int> targets{2, 0, 1, 1};
    DeepShapSettings settings;
    settings.background = xt::zeros<float>({1, 5});
    BOOST_TEST(max_abs_difference(deepshap(model, x, targets, settings),
                                  linear_attribution(linear_weight(), x, targets, std::vector<float>(5, 0.0f))) < 1e-6);
}

BOOST_AUTO_TEST_CASE(deepshap_summation_to_delta_on_mlp) {
    const ExplainedModel model = mlp_model(20, 64, 3, 21);
    const Tensor x = normal_inputs({7, 20}, 2);
    const Tensor background = sample_background(normal_inputs({200, 20}, 3), 100, 4);
    BOOST_TEST(summation_to_delta_error(model, x, {0, 1, 2, 0, 1, 2, 0}, background) < 1e-4);
}

BOOST_AUTO_TEST_CASE(deepshap_summation_to_delta_on_cnn_with_max_pooling) {
    const ExplainedModel model = cnn8by8_model(2, 22);
    const Tensor x = normal_inputs({6, 1, 8, 8}, 5);
    const Tensor background = normal_inputs({30, 1, 8, 8}, 6);
    BOOST_TEST(summation_to_delta_error(model, x, {0, 1, 1, 0, 1, 0}, background) < 1e-3);
}

// Layers that fuse ops (ResNet-18's batch norm with ReLU, CNN8by8's ReLU with max-pool) run
// their ops apart under the rescale rules: summation to delta through every ReLU and max-pool.
BOOST_AUTO_TEST_CASE(deepshap_summation_to_delta_on_resnet18_and_cnn8by8_layers) {
    nn::ResNet18 resnet(1, 3, 31);
    resnet.eval();
    BOOST_TEST(summation_to_delta_error(explained_model(resnet), normal_inputs({3, 1, 32, 32}, 9), {0, 1, 2},
                                        normal_inputs({6, 1, 32, 32}, 10)) < 1e-3);
    nn::Cnn8by8 cnn(32, 2);
    BOOST_TEST(summation_to_delta_error(explained_model(cnn), normal_inputs({6, 1, 8, 8}, 11), {0, 1, 1, 0, 1, 0},
                                        normal_inputs({30, 1, 8, 8}, 12)) < 1e-3);
}

BOOST_AUTO_TEST_CASE(deepshap_is_independent_of_how_samples_are_batched) {
    ExplainedModel model = cnn8by8_model(2, 23);
    const Tensor x = normal_inputs({5, 1, 8, 8}, 7);
    DeepShapSettings settings;
    settings.background = normal_inputs({8, 1, 8, 8}, 8);
    const Tensor together = deepshap(model, x, {0, 1, 0, 1, 0}, settings);
    model.max_batch_rows = 16;
    BOOST_TEST(max_abs_difference(together, deepshap(model, x, {0, 1, 0, 1, 0}, settings)) < 1e-5);
}

BOOST_AUTO_TEST_CASE(misshapen_background_names_the_setting) {
    const ExplainedModel model = mlp_model(20, 8, 3, 5);
    DeepShapSettings settings;
    BOOST_CHECK_EXCEPTION(deepshap(model, normal_inputs({2, 20}, 1), {0, 1}, settings), Error, [](const Error& e) {
        return std::string(e.what()).find("settings.background") != std::string::npos;
    });
    settings.background = normal_inputs({3, 19}, 1);
    BOOST_CHECK_THROW(deepshap(model, normal_inputs({2, 20}, 1), {0, 1}, settings), Error);
}

BOOST_AUTO_TEST_SUITE_END()
