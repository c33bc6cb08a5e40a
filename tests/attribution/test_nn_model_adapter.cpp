// The adapter from nn models: same logits as the model, gradients match the tape directly,
// Grad-CAM finds named layers and names the known ones when it cannot.

#include <boost/test/unit_test.hpp>

#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/row_pieces.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(nn_model_adapter)

BOOST_AUTO_TEST_CASE(logits_and_gradients_are_the_models) {
    nn::Mlp mlp(5, 3, 1);
    Rng rng(2);
    Tensor x = rng.normal_tensor({4, 5});
    const Tensor expected = mlp.predict(x);
    ExplainedModel m = explained_model(mlp);
    BOOST_TEST(bit_identical(predict_logits(m, x), expected));
    // The gradient of the target logit, taken straight from a tape, equals vanilla-grad's.
    Tape tape;
    Var input = tape.input(x);
    Var logits = mlp.forward(tape, input);
    Tensor seed = xt::zeros<float>({4, 3});
    for (int i = 0; i < 4; ++i) seed(i, i % 3) = 1.0f;
    tape.backward(logits, seed);
    const Tensor g = explain("vanilla-grad", m, x, Targets::classes({0, 1, 2, 0}), MethodSettings{});
    BOOST_TEST(bit_identical(g, input.grad()));
    BOOST_TEST(!mlp.training());
}

BOOST_AUTO_TEST_CASE(gradcam_uses_the_last_conv_layer_and_names_unknown_layers) {
    nn::Cnn8by8 cnn(2, 3);
    Rng rng(4);
    Tensor x = rng.normal_tensor({3, 1, 8, 8});
    ExplainedModel m = explained_model(cnn);
    const Tensor cam = explain("gradcam", m, x, Targets::predicted(), MethodSettings{});
    BOOST_TEST(shape_string(cam) == "(3, 1, 8, 8)");
    Tape tape;
    Var activation;
    BOOST_CHECK_THROW(m.logits_with_activation(tape, tape.constant(x), "no_such_layer", activation), Error);
    nn::Mlp mlp(4, 2, 1);
    ExplainedModel flat = explained_model(mlp);
    BOOST_CHECK_THROW(flat.logits_with_activation(tape, tape.constant(rng.normal_tensor({1, 4})), "", activation), Error);
}

BOOST_AUTO_TEST_CASE(mlp_passes_hold_the_rows_whose_widest_activation_fits_the_cache_budget) {
    nn::Mlp tabular(20, 3, {64, 64}, 1);
    BOOST_TEST(explained_model(tabular).max_batch_rows == kMlpActivationBytes / (4 * 64));
    BOOST_TEST(explained_model(tabular, 500).max_batch_rows == 500u);  // a smaller bound is kept
    nn::Mlp wide(20, 3, {32, 4096}, 1);
    BOOST_TEST(explained_model(wide).max_batch_rows == kMinRowsPerPiece);  // never below a useful piece
    nn::Mlp many_classes(20, 500, {16}, 1);
    BOOST_TEST(explained_model(many_classes).max_batch_rows == kMlpActivationBytes / (4 * 500));
    nn::Cnn8by8 cnn(2);
    BOOST_TEST(explained_model(cnn).max_batch_rows == 8192u);  // only MLPs
}

BOOST_AUTO_TEST_SUITE_END()
