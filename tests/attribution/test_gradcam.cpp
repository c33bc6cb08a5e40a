// Grad-CAM: PyTorch's bilinear upsampling by hand; a layer that sees one region lights it up.

#include <boost/test/unit_test.hpp>

#include <memory>

#include "attribution/bilinear_upsample.hpp"
#include "attribution/gradcam.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/rng.hpp"
#include "nn/cnn8by8.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/scoped_threads.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// x (N, 1, 8, 8) -> mask to the top-left 4x4 -> avg-pool 2 -> conv 1x1 (2 channels) = the
// layer "features" (N, 2, 4, 4) -> ReLU -> linear (2 classes, positive weights).
ExplainedModel top_left_model() {
    auto mask = std::make_shared<Tensor>(xt::zeros<float>({1, 1, 8, 8}));
    for (std::size_t y = 0; y < 4; ++y)
        for (std::size_t x = 0; x < 4; ++x) (*mask)(0, 0, y, x) = 1.0f;
    auto conv_weight = std::make_shared<Tensor>(Tensor::from_shape({2, 1, 1, 1}));
    conv_weight->data()[0] = 1.0f;
    conv_weight->data()[1] = 0.5f;
    auto head = std::make_shared<Tensor>(Rng(4).uniform_tensor({2, 32}, 0.1, 1.0));
    ExplainedModel model;
    model.logits_with_activation = [=](Tape& tape, const Var& x, const std::string& layer, Var& activation) {
        Var pooled = avg_pool2d(mul(x, tape.parameter(*mask, nullptr)), 2, 2);
        Var features = conv2d(pooled, tape.parameter(*conv_weight, nullptr), Var(), 1, 0);
        if (layer == "features") activation = features;
        return linear(flatten(relu(features)), tape.parameter(*head, nullptr), Var());
    };
    model.logits = [f = model.logits_with_activation](Tape& tape, const Var& x) {
        Var unused;
        return f(tape, x, "", unused);
    };
    return model;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gradcam_tests)

BOOST_AUTO_TEST_CASE(bilinear_upsampling_matches_hand_computed_values) {
    const Tensor doubled = bilinear_upsample(Tensor{{{1.0f, 2.0f}, {3.0f, 4.0f}}}, 4, 4);
    const Tensor expected{{{1.0f, 1.25f, 1.75f, 2.0f}, {1.5f, 1.75f, 2.25f, 2.5f}, {2.5f, 2.75f, 3.25f, 3.5f}, {3.0f, 3.25f, 3.75f, 4.0f}}};
    BOOST_TEST(max_abs_difference(doubled, expected) < 1e-6);
    // 2 -> 8 along a row: src = (o + 0.5) / 4 - 0.5, clamped to [0, 1]
    const Tensor row = bilinear_upsample(Tensor{{{0.0f, 1.0f}}}, 1, 8);
    const Tensor expected_row{{{0.0f, 0.0f, 0.125f, 0.375f, 0.625f, 0.875f, 1.0f, 1.0f}}};
    BOOST_TEST(max_abs_difference(row, expected_row) < 1e-6);
}

BOOST_AUTO_TEST_CASE(gradcam_highlights_the_only_region_the_layer_sees) {
    const ExplainedModel model = top_left_model();
    const Tensor x = Rng(3).uniform_tensor({3, 1, 8, 8}, 0.5, 1.5);
    GradCamSettings settings;
    settings.layer = "features";
    const Tensor cam = gradcam(model, x, {0, 1, 0}, settings);
    for (std::size_t i = 0; i < 3; ++i) {
        double inside = 0.0, total = 0.0, peak = 0.0;
        bool peak_inside = false;
        for (std::size_t y = 0; y < 8; ++y)
            for (std::size_t xx = 0; xx < 8; ++xx) {
                const double v = cam(i, 0, y, xx);
                BOOST_TEST(v >= 0.0);
                total += v;
                if (y < 4 && xx < 4) inside += v;
                if (v > peak) {
                    peak = v;
                    peak_inside = y < 4 && xx < 4;
                }
                if (y >= 6 || xx >= 6) BOOST_TEST(v == 0.0);
            }
        BOOST_TEST(peak_inside);
        BOOST_TEST(inside > 0.85 * total);
    }
}

BOOST_AUTO_TEST_CASE(gradcam_broadcasts_over_channels_on_cnn) {
    const ExplainedModel model = cnn8by8_model(2, 5);
    const Tensor x = normal_inputs({2, 1, 8, 8}, 9);
    const Tensor cam = gradcam(model, x, {0, 1}, {});
    BOOST_TEST((shape_of(cam) == Shape{2, 1, 8, 8}));
}

BOOST_AUTO_TEST_CASE(pieces_side_by_side_give_the_result_of_one_pass) {
    // Ten images in pieces of three on two threads: each piece records the layer on its own
    // tape through the shared layers, so the maps match one pass over all ten.
    nn::Cnn8by8 cnn(7, 3);
    const Tensor x = normal_inputs({10, 1, 8, 8}, 11);
    const std::vector<int> targets = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
    const Tensor whole = gradcam(explained_model(cnn), x, targets, {});
    testing::ScopedThreads two(2);
    const Tensor pieces = gradcam(explained_model(cnn, 3), x, targets, {});
    BOOST_TEST(xt::amax(xt::abs(whole))() > 0.0f);
    BOOST_TEST(xt::allclose(pieces, whole, 1e-5, 1e-6));
}

BOOST_AUTO_TEST_CASE(predicted_targets_from_its_own_pass_give_the_maps_of_the_predicted_classes) {
    nn::Cnn8by8 cnn(8, 3);
    const ExplainedModel model = explained_model(cnn);
    const Tensor x = normal_inputs({6, 1, 8, 8}, 12);
    const Tensor given = gradcam(model, x, predicted_classes(model, x), {});
    BOOST_TEST(bit_identical(gradcam(model, x, Targets::predicted(), {}), given));
}

BOOST_AUTO_TEST_CASE(unknown_layer_and_tables_name_the_argument) {
    const ExplainedModel model = top_left_model();
    GradCamSettings settings;
    settings.layer = "nope";
    BOOST_CHECK_EXCEPTION(gradcam(model, normal_inputs({1, 1, 8, 8}, 1), {0}, settings), Error,
                          [](const Error& e) { return std::string(e.what()).find("settings.layer") != std::string::npos; });
    BOOST_CHECK_THROW(gradcam(mlp_model(4, 4, 2, 1), normal_inputs({1, 4}, 1), {0}, {}), Error);
}

BOOST_AUTO_TEST_SUITE_END()
