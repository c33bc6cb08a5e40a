// Every op's backward against central differences, through the one checker.
// Shapes include odd sizes, batch 1, stride 2 and padding.

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "autodiff/ops.hpp"
#include "support/gradient_check.hpp"

using namespace agop;
using agop::testing::check_gradients;
using agop::testing::GradientCheckOptions;

namespace {

Tensor normal(const Shape& shape, std::uint64_t seed) { return Rng(seed).normal_tensor(shape); }

// Pushes every element at least `margin` away from 0 (ReLU's kink).
Tensor away_from_zero(Tensor t, float margin) {
    for (auto& v : t) v = v >= 0 ? v + margin : v - margin;
    return t;
}

// Distinct values spaced `gap` apart in random order: no near-ties for max-pool.
Tensor distinct_values(const Shape& shape, std::uint64_t seed, float gap) {
    Tensor t = Tensor::from_shape(shape);
    auto order = Rng(seed).permutation(t.size());
    for (std::size_t i = 0; i < t.size(); ++i)
        t.data()[i] = (static_cast<float>(order[i]) - 0.5f * t.size()) * gap;
    return t;
}

void expect_gradients_match(const agop::testing::TapeFunction& f, const std::vector<Tensor>& inputs,
                            GradientCheckOptions options = {}) {
    auto report = check_gradients(f, inputs, options);
    BOOST_TEST(report.elements_checked > 0u);
    BOOST_TEST(report.passed, "worst: " << report.worst);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(op_gradients)

BOOST_AUTO_TEST_CASE(add_sub_mul_with_broadcasting) {
    const std::vector<Tensor> same{normal({3, 5}, 1), normal({3, 5}, 2)};
    const std::vector<Tensor> bias{normal({2, 3, 4}, 3), normal({4}, 4)};
    const std::vector<Tensor> channel{normal({2, 3, 2, 5}, 5), normal({1, 3, 1, 1}, 6)};
    for (const auto& inputs : {same, bias, channel}) {
        expect_gradients_match([](Tape&, const std::vector<Var>& v) { return add(v[0], v[1]); }, inputs);
        expect_gradients_match([](Tape&, const std::vector<Var>& v) { return sub(v[0], v[1]); }, inputs);
        expect_gradients_match([](Tape&, const std::vector<Var>& v) { return mul(v[0], v[1]); }, inputs);
        expect_gradients_match([](Tape&, const std::vector<Var>& v) { return sub(v[1], v[0]); }, inputs);
    }
}

BOOST_AUTO_TEST_CASE(scalar_ops_and_activations) {
    const std::vector<Tensor> x{normal({4, 7}, 7)};
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return scale(v[0], -2.5f); }, x);
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return add_scalar(v[0], 3.0f); }, x);
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return sigmoid(v[0]); }, x);
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return agop::tanh(v[0]); }, x);
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return relu(v[0]); },
                           {away_from_zero(normal({1, 3, 5, 5}, 8), 0.1f)});
}

BOOST_AUTO_TEST_CASE(matmul_and_linear) {
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return matmul(v[0], v[1]); },
                           {normal({3, 7}, 9), normal({7, 5}, 10)});
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return matmul(v[0], v[1]); },
                           {normal({1, 1}, 11), normal({1, 4}, 12)});
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return linear(v[0], v[1], v[2]); },
                           {normal({5, 6}, 13), normal({3, 6}, 14), normal({3}, 15)});
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return linear(v[0], v[1], Var()); },
                           {normal({1, 9}, 16), normal({2, 9}, 17)});
}

BOOST_AUTO_TEST_CASE(reductions) {
    const std::vector<Tensor> x{normal({3, 4, 5}, 18)};
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return sum(v[0]); }, x);
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return mean(v[0]); }, x);
    for (std::size_t axis = 0; axis < 3; ++axis)
        expect_gradients_match([axis](Tape&, const std::vector<Var>& v) { return sum(v[0], axis); }, x);
}

BOOST_AUTO_TEST_CASE(softmax_family) {
    const std::vector<Tensor> logits{normal({4, 3}, 19)};
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return softmax(v[0]); }, logits);
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return log_softmax(v[0]); }, logits);
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return cross_entropy(v[0], {2, 0, 1, 2}); },
                           logits);
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return cross_entropy(v[0], {1}); },
                           {normal({1, 5}, 20)});
}

BOOST_AUTO_TEST_CASE(shape_ops) {
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return reshape(v[0], {6, 2}); },
                           {normal({3, 4}, 21)});
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return flatten(v[0]); },
                           {normal({2, 3, 2, 2}, 22)});
    for (std::size_t axis = 0; axis < 3; ++axis) {
        Shape a{2, 3, 4}, b{2, 3, 4};
        b[axis] = 1;
        expect_gradients_match([axis](Tape&, const std::vector<Var>& v) { return concat({v[0], v[1]}, axis); },
                               {normal(a, 23), normal(b, 24)});
    }
}

BOOST_AUTO_TEST_CASE(conv2d_strides_padding_and_batch_one) {
    struct Case {
        Shape x, w;
        std::size_t stride, padding;
        bool bias;
    };
    const std::vector<Case> cases{{{2, 3, 5, 5}, {4, 3, 3, 3}, 1, 1, true},
                                  {{1, 2, 7, 6}, {3, 2, 3, 2}, 2, 0, true},
                                  {{3, 1, 8, 8}, {4, 1, 2, 2}, 1, 1, false},
                                  {{1, 2, 9, 9}, {2, 2, 7, 7}, 2, 3, true},
                                  {{2, 8, 5, 4}, {17, 8, 3, 3}, 1, 1, true}};  // im2col + sgemm kernel
    std::uint64_t seed = 30;
    for (const auto& c : cases) {
        std::vector<Tensor> inputs{normal(c.x, seed++), normal(c.w, seed++)};
        if (c.bias) inputs.push_back(normal({c.w[0]}, seed++));
        expect_gradients_match(
            [c](Tape&, const std::vector<Var>& v) {
                return conv2d(v[0], v[1], c.bias ? v[2] : Var(), c.stride, c.padding);
            },
            inputs);
    }
}

BOOST_AUTO_TEST_CASE(pooling) {
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return max_pool2d(v[0], 2, 2); },
                           {distinct_values({2, 3, 5, 5}, 40, 0.05f)});
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return max_pool2d(v[0], 3, 2, 1); },
                           {distinct_values({1, 2, 7, 7}, 41, 0.05f)});
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return avg_pool2d(v[0], 2, 2); },
                           {normal({2, 3, 5, 4}, 42)});
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return avg_pool2d(v[0], 3, 1, 1); },
                           {normal({1, 2, 6, 5}, 43)});
    expect_gradients_match([](Tape&, const std::vector<Var>& v) { return global_avg_pool(v[0]); },
                           {normal({2, 3, 3, 5}, 44)});
}

BOOST_AUTO_TEST_CASE(batch_norm_training_and_eval) {
    for (const Shape& shape : {Shape{6, 3}, Shape{3, 2, 3, 3}}) {
        const std::size_t c = shape[1];
        for (bool training : {true, false}) {
            auto f = [c, training](Tape&, const std::vector<Var>& v) {
                // Fresh running statistics per call: the check evaluates f many times.
                static thread_local Tensor running_mean, running_var;
                running_mean = filled({c}, 0.3f);
                running_var = filled({c}, 1.7f);
                return batch_norm(v[0], v[1], v[2], {&running_mean, &running_var}, training);
            };
            expect_gradients_match(f, {normal(shape, 50), normal({c}, 51), normal({c}, 52)});
        }
    }
}

BOOST_AUTO_TEST_CASE(dropout_with_a_fixed_mask) {
    expect_gradients_match(
        [](Tape&, const std::vector<Var>& v) {
            Rng rng(7);  // the same mask on every evaluation
            return dropout(v[0], 0.4f, rng, true);
        },
        {normal({4, 6}, 60)});
}

BOOST_AUTO_TEST_CASE(composition_of_ops_used_twice) {
    // x feeds two branches that meet again: the tape must add both contributions.
    expect_gradients_match(
        [](Tape&, const std::vector<Var>& v) {
            Var h = agop::tanh(linear(v[0], v[1], Var()));
            return add(mul(h, h), sigmoid(h));
        },
        {normal({3, 4}, 61), normal({5, 4}, 62)});
}

BOOST_AUTO_TEST_CASE(the_checker_detects_a_wrong_gradient) {
    // A deliberately wrong backward (twice the true gradient) must fail the check.
    auto wrong = [](Tape& tape, const std::vector<Var>& v) {
        Tensor out = v[0].value() * 3.0f;
        return tape.record("wrong", std::move(out), {v[0]},
                           [](Node& self) { self.inputs[0]->add_grad(Tensor(self.grad * 6.0f)); });
    };
    BOOST_TEST(!check_gradients(wrong, {normal({2, 2}, 63)}).passed);
}

BOOST_AUTO_TEST_SUITE_END()
