// Attribution methods run through explain() against the same methods written in PyTorch
// (tests/golden, make_golden.py): Integrated Gradients, Grad-CAM, DeepSHAP and AGOP-IxG on
// the golden MLP, CNN8by8 and ResNet-18.
//
// Tolerances (|a - e| <= atol + rtol |e|): rtol 1e-4, as for the models' gradients that
// every method is built from; atol at most 1e-4 of each map's largest value, for elements
// that cancel to near zero.

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/probability_output.hpp"
#include "support/golden.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// The engine's attribution by `name` of the golden case's inputs for its targets.
Tensor explain_golden(const std::string& name, nn::Model& model, const std::string& golden_case,
                      const MethodSettings& settings) {
    return explain(name, explained_model(model), golden_tensor(golden_case, "inputs"),
                   Targets::classes(golden_labels(golden_case, "targets")), settings);
}

// Integrated Gradients as make_golden.py computes it: zero baseline, 16 trapezoid steps.
MethodSettings golden_integrated_gradients() {
    MethodSettings settings;
    settings.integrated_gradients.steps = 16;
    settings.integrated_gradients.rule = IntegrationRule::trapezoid;
    return settings;
}

// A Grad-CAM map (N, H, W) repeated over `channels`: (N, channels, H, W), the engine's layout.
Tensor repeat_over_channels(const Tensor& maps, std::size_t channels) {
    const std::size_t n = maps.shape()[0], h = maps.shape()[1], w = maps.shape()[2];
    Tensor repeated = Tensor::from_shape({n, channels, h, w});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < channels; ++c)
            std::copy_n(maps.data() + i * h * w, h * w, repeated.data() + (i * channels + c) * h * w);
    return repeated;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(golden_methods)

BOOST_AUTO_TEST_CASE(mlp_integrated_gradients_match_pytorch) {
    auto mlp = golden_mlp();
    check_close(explain_golden("integrated-gradients", *mlp, "mlp", golden_integrated_gradients()),
                golden_tensor("mlp", "integrated_gradients"), 1e-4, 1e-6, "mlp integrated gradients");
}

BOOST_AUTO_TEST_CASE(mlp_deepshap_matches_pytorch) {
    auto mlp = golden_mlp();
    MethodSettings settings;
    settings.deepshap.background = golden_tensor("mlp", "background");
    check_close(explain_golden("deepshap", *mlp, "mlp", settings), golden_tensor("mlp", "deepshap"), 1e-4, 1e-6,
                "mlp deepshap");
}

BOOST_AUTO_TEST_CASE(mlp_agop_ixg_with_rank_two_matches_pytorch) {
    auto mlp = golden_mlp();
    MethodSettings settings;
    settings.agop.matrix = golden_tensor("mlp", "agop");
    settings.agop.truncation.rank = 2;
    check_close(explain_golden("agop-ixg", *mlp, "mlp", settings), golden_tensor("mlp", "agop_ixg"), 1e-4, 1e-8,
                "mlp agop-ixg");
}

BOOST_AUTO_TEST_CASE(cnn8by8_integrated_gradients_match_pytorch) {
    auto cnn = golden_cnn8by8();
    check_close(explain_golden("integrated-gradients", *cnn, "cnn8by8", golden_integrated_gradients()),
                golden_tensor("cnn8by8", "integrated_gradients"), 1e-4, 1e-6, "cnn8by8 integrated gradients");
}

BOOST_AUTO_TEST_CASE(cnn8by8_gradcam_on_the_last_conv_matches_pytorch) {
    auto cnn = golden_cnn8by8();
    check_close(explain_golden("gradcam", *cnn, "cnn8by8", MethodSettings{}),
                repeat_over_channels(golden_tensor("cnn8by8", "gradcam"), 1), 1e-4, 1e-7, "cnn8by8 gradcam");
}

BOOST_AUTO_TEST_CASE(cnn8by8_deepshap_with_maxpool_rule_matches_pytorch) {
    auto cnn = golden_cnn8by8();
    MethodSettings settings;
    settings.deepshap.background = golden_tensor("cnn8by8", "background");
    check_close(explain_golden("deepshap", *cnn, "cnn8by8", settings), golden_tensor("cnn8by8", "deepshap"), 1e-4,
                1e-6, "cnn8by8 deepshap");
}

BOOST_AUTO_TEST_CASE(resnet18_integrated_gradients_match_pytorch) {
    auto resnet = golden_resnet18();
    check_close(explain_golden("integrated-gradients", *resnet, "resnet18", golden_integrated_gradients()),
                golden_tensor("resnet18", "integrated_gradients"), 1e-4, 1e-6, "resnet18 integrated gradients");
}

BOOST_AUTO_TEST_CASE(resnet18_gradcam_on_layer4_and_layer3_matches_pytorch) {
    auto resnet = golden_resnet18();
    for (const std::string layer : {"layer4", "layer3"}) {
        MethodSettings settings;
        settings.gradcam.layer = layer;
        check_close(explain_golden("gradcam", *resnet, "resnet18", settings),
                    repeat_over_channels(golden_tensor("resnet18", "gradcam_" + layer), 3), 1e-4, 1e-5,
                    "resnet18 gradcam " + layer);
    }
}

BOOST_AUTO_TEST_CASE(integrated_gradients_under_each_captum_rule_match_pytorch) {
    // tests/golden/make_golden_ig_rules.py: Captum's rules and its float32 sums, 7 steps.
    auto mlp = golden_mlp();
    MethodSettings settings;
    settings.integrated_gradients.steps = 7;
    for (IntegrationRule rule :
         {IntegrationRule::gauss_legendre, IntegrationRule::trapezoid, IntegrationRule::riemann_left,
          IntegrationRule::riemann_right, IntegrationRule::riemann_middle}) {
        settings.integrated_gradients.rule = rule;
        std::string word = integration_rule_word(rule);
        std::replace(word.begin(), word.end(), '-', '_');
        check_close(explain_golden("integrated-gradients", *mlp, "mlp", settings),
                    golden_tensor("ig_rules", "mlp_" + word), 1e-4, 1e-6, "mlp integrated gradients, " + word);
    }
}

BOOST_AUTO_TEST_CASE(cnn8by8_softmax_integrated_gradients_match_captum_as_xai_tris_runs_it) {
    auto cnn = golden_cnn8by8();
    MethodSettings settings;  // 50 Gauss-Legendre steps: the defaults
    const Tensor a =
        explain("integrated-gradients", probability_model(explained_model(*cnn)), golden_tensor("cnn8by8", "inputs"),
                Targets::classes(golden_labels("cnn8by8", "targets")), settings);
    check_close(a, golden_tensor("ig_rules", "cnn8by8_softmax_gauss_legendre"), 1e-4, 1e-6,
                "cnn8by8 softmax integrated gradients");
}

BOOST_AUTO_TEST_SUITE_END()
