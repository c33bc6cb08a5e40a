// Models: PyTorch state-dict names and layouts, named activations for Grad-CAM, batched
// prediction, modes and requires-grad switches.

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"
#include "nn/resnet18.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;
using namespace agop::nn;

namespace {

Shape state_shape(Module& m, const std::string& name) {
    for (auto& [n, t] : m.state())
        if (n == name) return shape_of(*t);
    BOOST_FAIL("no tensor named " + name);
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(models)

BOOST_AUTO_TEST_CASE(state_names_and_layouts_follow_pytorch) {
    Mlp mlp(20, 3, 1);
    BOOST_TEST(state_shape(mlp, "fc1.weight") == (Shape{64, 20}));
    BOOST_TEST(state_shape(mlp, "fc3.bias") == (Shape{3}));
    Cnn8by8 cnn(2);
    BOOST_TEST(state_shape(cnn, "cnn_layers.9.weight") == (Shape{4, 4, 2, 2}));
    BOOST_TEST(state_shape(cnn, "linear_layers.0.weight") == (Shape{2, 4}));
    BOOST_TEST(cnn.parameter_count() == 234u);
    ResNet18 resnet(3, 10, 3);
    BOOST_TEST(state_shape(resnet, "conv1.weight") == (Shape{64, 3, 7, 7}));
    BOOST_TEST(state_shape(resnet, "bn1.running_mean") == (Shape{64}));
    BOOST_TEST(state_shape(resnet, "layer1.0.conv1.weight") == (Shape{64, 64, 3, 3}));
    BOOST_TEST(state_shape(resnet, "layer2.0.downsample.0.weight") == (Shape{128, 64, 1, 1}));
    BOOST_TEST(state_shape(resnet, "layer4.1.bn2.running_var") == (Shape{512}));
    BOOST_TEST(state_shape(resnet, "fc.weight") == (Shape{10, 512}));
    BOOST_TEST(resnet.named_parameters().size() == 62u);
    BOOST_TEST(resnet.named_buffers().size() == 40u);
}

BOOST_AUTO_TEST_CASE(forward_recording_exposes_named_activations) {
    agop::testing::ScopedThreads one(1);
    Cnn8by8 cnn(4);
    Tape tape;
    Activations activations;
    Var logits = cnn.forward_recording(tape, tape.input(Rng(5).normal_tensor({3, 1, 8, 8})), activations);
    BOOST_TEST(logits.shape() == (Shape{3, 2}));
    BOOST_REQUIRE(activations.count(cnn.last_conv_layer()) == 1u);
    BOOST_TEST(activations.at("cnn_layers.9").shape() == (Shape{3, 4, 2, 2}));
    BOOST_TEST(activations.at("cnn_layers").shape() == (Shape{3, 4, 1, 1}));
    // The recorded Var is on the tape: gradients of the logits reach it.
    tape.backward(logits, filled({3, 2}, 1.0f));
    BOOST_TEST(activations.at("cnn_layers.9").has_grad());
    // After the recording pass, plain forward passes record nothing into that map.
    const std::size_t recorded = activations.size();
    Tape plain;
    cnn.forward(plain, plain.constant(Rng(6).normal_tensor({1, 1, 8, 8})));
    BOOST_TEST(activations.size() == recorded);
    BOOST_TEST(activations.at("cnn_layers.9").shape()[0] == 3u);

    ResNet18 resnet(1, 4, 7);
    Tape resnet_tape;
    Activations resnet_activations;
    resnet.forward_recording(resnet_tape, resnet_tape.constant(Rng(8).normal_tensor({2, 1, 40, 36})), resnet_activations);
    BOOST_TEST(resnet_activations.at("layer4").shape() == (Shape{2, 512, 2, 2}));
    BOOST_TEST(resnet_activations.at("layer2.0.downsample").shape() == (Shape{2, 128, 5, 5}));
}

// A plain forward fuses layers that a recording one keeps apart to record each output: batch
// norm and ReLU in ResNet-18 (nn/basic_block.cpp), ReLU and max-pool in CNN8by8
// (nn/cnn8by8.cpp). The training-mode logits and gradients are the same bits either way.
namespace {

void expect_the_same_bits_with_and_without_recording(Model& model, const Tensor& x, const std::string& fused_layer) {
    std::vector<Tensor> gradients[2];
    Tensor logits[2];
    for (int recording : {0, 1}) {
        model.zero_grad();
        Tape tape;
        Activations activations;
        const Var in = tape.constant(x);
        const Var out = recording ? model.forward_recording(tape, in, activations) : model.forward(tape, in);
        BOOST_TEST(activations.count(fused_layer) == static_cast<std::size_t>(recording));
        tape.backward(out, filled(out.shape(), 1.0f));
        logits[recording] = out.value();
        for (auto* p : model.parameters()) gradients[recording].push_back(p->grad);
    }
    BOOST_TEST((logits[0] == logits[1]));
    BOOST_REQUIRE(gradients[0].size() == gradients[1].size());
    for (std::size_t i = 0; i < gradients[0].size(); ++i) BOOST_TEST((gradients[0][i] == gradients[1][i]), i);
}

}  // namespace

BOOST_AUTO_TEST_CASE(resnet_gradients_are_the_same_bits_with_and_without_recording) {
    agop::testing::ScopedThreads one(1);
    ResNet18 resnet(3, 5, 9);
    expect_the_same_bits_with_and_without_recording(resnet, Rng(10).normal_tensor({4, 3, 32, 32}), "layer1.0.bn1");
}

BOOST_AUTO_TEST_CASE(cnn8by8_gradients_are_the_same_bits_with_and_without_recording) {
    Cnn8by8 cnn(12, 2);
    // Shifted up so that some windows hold only negative values and others positive ones.
    expect_the_same_bits_with_and_without_recording(cnn, Rng(13).normal_tensor({64, 1, 8, 8}, 0.3), "cnn_layers.1");
}

BOOST_AUTO_TEST_CASE(predict_in_batches_equals_one_batch_and_restores_the_mode) {
    agop::testing::ScopedThreads one(1);
    Mlp mlp(6, 4, 9);
    const Tensor x = Rng(10).normal_tensor({37, 6});
    const Tensor all = mlp.predict(x, 1000), batched = mlp.predict(x, 8);
    BOOST_TEST(all.shape()[0] == 37u);
    BOOST_TEST(xt::allclose(all, batched, 1e-6, 1e-6));
    BOOST_TEST(mlp.training());
    BOOST_CHECK_THROW(mlp.predict(Tensor::from_shape({0, 6})), Error);
}

BOOST_AUTO_TEST_CASE(frozen_parameters_get_no_gradient_but_inputs_do) {
    Mlp mlp(3, 2, 11);
    mlp.zero_grad();
    mlp.set_requires_grad(false);
    Tape tape;
    Var x = tape.input(Rng(12).normal_tensor({4, 3}));
    tape.backward(mlp.forward(tape, x), filled({4, 2}, 1.0f));
    BOOST_TEST(x.has_grad());
    for (auto* p : mlp.parameters()) BOOST_TEST(std::all_of(p->grad.begin(), p->grad.end(), [](float g) { return g == 0.0f; }));
}

BOOST_AUTO_TEST_CASE(models_refuse_inputs_of_the_wrong_shape) {
    Mlp mlp(3, 2, 13);
    Cnn8by8 cnn(14);
    ResNet18 resnet(3, 2, 15);
    Tape tape;
    BOOST_CHECK_THROW(mlp.forward(tape, tape.constant(Tensor::from_shape({2, 4}))), Error);
    BOOST_CHECK_THROW(cnn.forward(tape, tape.constant(Tensor::from_shape({2, 1, 9, 8}))), Error);
    BOOST_CHECK_THROW(resnet.forward(tape, tape.constant(Tensor::from_shape({2, 3, 31, 32}))), Error);
}

BOOST_AUTO_TEST_SUITE_END()
