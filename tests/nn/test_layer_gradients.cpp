// Every layer's input and parameter gradients against central differences, through the
// one checker, in training and eval mode.

#include <boost/test/unit_test.hpp>

#include "nn/basic_block.hpp"
#include "nn/batch_norm.hpp"
#include "nn/conv2d.hpp"
#include "nn/linear.hpp"
#include "nn/parameter_free_layers.hpp"
#include "support/module_gradient_check.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;
using namespace agop::nn;
using agop::testing::check_module_gradients;
using agop::testing::GradientCheckOptions;

namespace {

Tensor normal(const Shape& shape, std::uint64_t seed) { return Rng(seed).normal_tensor(shape); }

// Distinct values spaced `gap` apart in random order: no near-ties for max-pool, no zeros.
Tensor distinct_values(const Shape& shape, std::uint64_t seed, float gap) {
    Tensor t = Tensor::from_shape(shape);
    auto order = Rng(seed).permutation(t.size());
    for (std::size_t i = 0; i < t.size(); ++i)
        t.data()[i] = (static_cast<float>(order[i]) - 0.5f * t.size() + 0.5f) * gap;
    return t;
}

void expect_module_gradients_match(Module& module, const Tensor& x, GradientCheckOptions options = {},
                                   const std::function<void()>& before_each = {}) {
    auto report = check_module_gradients(module, x, options, before_each);
    BOOST_TEST(report.elements_checked >= x.size());
    BOOST_TEST(report.passed, "worst: " << report.worst);
}

// Pushes a BatchNorm's running statistics away from (0, 1) so eval mode is not an identity,
// and sets its weight to `gamma` and its bias to +-`beta` (random signs).
void set_running_stats(BatchNorm& bn, std::uint64_t seed, float gamma = 1.0f, float beta = 0.3f) {
    Rng rng(seed);
    for (auto& v : bn.running_mean) v = static_cast<float>(rng.uniform(-0.5, 0.5));
    for (auto& v : bn.running_var) v = static_cast<float>(rng.uniform(0.5, 2.0));
    for (auto& v : bn.weight.value) v = gamma * static_cast<float>(rng.uniform(0.8, 1.2));
    for (auto& v : bn.bias.value) v = rng.bernoulli(0.5) ? beta : -beta;
}

}  // namespace

// Tiny layers: one thread (see scoped_threads.hpp).
struct SingleThreaded {
    agop::testing::ScopedThreads threads{1};
};

BOOST_FIXTURE_TEST_SUITE(layer_gradients, SingleThreaded)

BOOST_AUTO_TEST_CASE(linear_with_and_without_bias) {
    Rng rng(1);
    Linear with_bias(5, 3, true, rng), without_bias(4, 2, false, rng);
    expect_module_gradients_match(with_bias, normal({6, 5}, 2));
    expect_module_gradients_match(without_bias, normal({1, 4}, 3));
}

BOOST_AUTO_TEST_CASE(conv2d_with_stride_padding_and_no_bias) {
    Rng rng(4);
    Conv2d padded({2, 3, 3, 1, 1, true}, rng), strided({3, 2, 2, 2, 0, false}, rng);
    expect_module_gradients_match(padded, normal({2, 2, 5, 5}, 5));
    expect_module_gradients_match(strided, normal({1, 3, 6, 7}, 6));
}

BOOST_AUTO_TEST_CASE(batch_norm_1d_and_2d_in_train_and_eval_mode) {
    BatchNorm bn1d(3, false), bn2d(2, true);
    set_running_stats(bn1d, 7);
    set_running_stats(bn2d, 8);
    for (bool training : {true, false}) {
        bn1d.train(training);
        bn2d.train(training);
        expect_module_gradients_match(bn1d, normal({5, 3}, 9));
        expect_module_gradients_match(bn2d, normal({3, 2, 3, 3}, 10));
    }
}

BOOST_AUTO_TEST_CASE(parameter_free_layers) {
    ReLU relu;
    Flatten flatten;
    MaxPool2d max_pool(2, 2), padded_max_pool(3, 2, 1);
    AvgPool2d avg_pool(2, 2), padded_avg_pool(3, 2, 1);
    GlobalAvgPool global_pool;
    const Tensor x = distinct_values({2, 2, 5, 5}, 11, 0.1f);
    for (Module* layer : std::vector<Module*>{&relu, &flatten, &max_pool, &padded_max_pool, &avg_pool,
                                              &padded_avg_pool, &global_pool}) {
        auto report = check_module_gradients(*layer, x);
        BOOST_TEST(report.passed, "worst: " << report.worst);
    }
}

BOOST_AUTO_TEST_CASE(dropout_in_train_mode_with_a_fixed_mask_and_identity_in_eval_mode) {
    Dropout dropout(0.4f, 12);
    const Tensor x = normal({4, 6}, 13);
    expect_module_gradients_match(dropout, x, {}, [&] { dropout.reseed(14); });
    dropout.eval();
    Tape tape;
    BOOST_TEST(bit_identical(dropout.forward(tape, tape.constant(x)).value(), x));
}

// The ReLUs of a block have kinks that central differences cannot cross, so the BN affine
// parameters keep every pre-activation well away from 0: bn1 and the downsample's BN map to
// +-1 +- 0.4, bn2 adds at most a little to a shortcut that is itself away from 0.
BOOST_AUTO_TEST_CASE(basic_block_with_and_without_downsample_in_train_and_eval_mode) {
    Rng rng(15);
    BasicBlock identity(2, 2, 1, rng), downsample(2, 3, 2, rng);
    BOOST_TEST(!identity.has_downsample());
    BOOST_TEST(downsample.has_downsample());
    for (BasicBlock* block : {&identity, &downsample}) {
        set_running_stats(block->bn1, 16, 0.2f, 1.0f);
        set_running_stats(block->bn2, 17, 0.05f, 0.0f);
        if (block->downsample) set_running_stats(static_cast<BatchNorm&>((*block->downsample)[1]), 18, 0.2f, 1.0f);
    }
    GradientCheckOptions options;
    options.eps = 1e-3;
    Tensor x = distinct_values({2, 2, 4, 4}, 19, 0.1f);
    for (auto& v : x) v += v > 0 ? 0.5f : -0.5f;
    for (bool training : {true, false}) {
        identity.train(training);
        downsample.train(training);
        expect_module_gradients_match(identity, x, options);
        expect_module_gradients_match(downsample, x, options);
    }
}

BOOST_AUTO_TEST_SUITE_END()

