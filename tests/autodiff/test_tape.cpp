// The tape's own behaviour: accumulation, broadcasting, no-grad mode, parameters,
// repeated sweeps and per-tape backward overrides.

#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

using namespace agop;

namespace {
Tensor values(std::initializer_list<float> v, const Shape& shape) {
    Tensor t = Tensor::from_shape(shape);
    std::copy(v.begin(), v.end(), t.begin());
    return t;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(tape)

BOOST_AUTO_TEST_CASE(a_value_used_twice_receives_both_gradients) {
    Tape tape;
    Var x = tape.input(values({1, 2, 3}, {3}));
    Var y = add(mul(x, x), x);  // y = x^2 + x, dy/dx = 2x + 1
    tape.backward(y);
    BOOST_TEST(bit_identical(x.grad(), values({3, 5, 7}, {3})));
}

BOOST_AUTO_TEST_CASE(bias_broadcast_gradient_sums_over_the_batch) {
    Tape tape;
    Var x = tape.input(values({1, 2, 3, 4, 5, 6}, {2, 3}));
    Var b = tape.input(values({10, 20, 30}, {3}));
    Var y = add(x, b);
    BOOST_TEST(bit_identical(y.value(), values({11, 22, 33, 14, 25, 36}, {2, 3})));
    tape.backward(y, values({1, 2, 3, 4, 5, 6}, {2, 3}));
    BOOST_TEST(bit_identical(b.grad(), values({5, 7, 9}, {3})));
    BOOST_TEST(bit_identical(x.grad(), values({1, 2, 3, 4, 5, 6}, {2, 3})));
}

BOOST_AUTO_TEST_CASE(channel_broadcast_of_a_1c11_tensor) {
    Tape tape;
    Var x = tape.input(filled({2, 2, 3, 3}, 1.0f));
    Var s = tape.input(values({2, 3}, {1, 2, 1, 1}));
    Var y = mul(x, s);
    BOOST_TEST(y.value()(1, 1, 2, 2) == 3.0f);
    tape.backward(sum(y));
    BOOST_TEST(bit_identical(s.grad(), values({18, 18}, {1, 2, 1, 1})));
}

BOOST_AUTO_TEST_CASE(no_grad_mode_records_nothing) {
    Tape tape;
    Tensor w = filled({2, 3}, 0.5f), w_grad;
    {
        NoGradGuard guard(tape);
        Var x = tape.input(filled({4, 3}, 1.0f));
        Var y = relu(linear(x, tape.parameter(w, &w_grad), Var()));
        BOOST_TEST(!y.requires_grad());
        BOOST_TEST(y.value()(0, 0) == 1.5f);
    }
    BOOST_TEST(tape.size() == 0u);
    BOOST_TEST(tape.grad_enabled());
}

BOOST_AUTO_TEST_CASE(backward_of_a_value_without_gradient_is_refused) {
    Tape tape;
    Var c = tape.constant(filled({2}, 1.0f));
    BOOST_CHECK_THROW(tape.backward(relu(c)), Error);
    Var x = tape.input(filled({2}, 1.0f));
    Var y = relu(x);
    BOOST_CHECK_THROW(tape.backward(y, filled({3}, 1.0f)), Error);
}

BOOST_AUTO_TEST_CASE(parameter_sinks_accumulate_and_inputs_do_not) {
    Tensor w = values({1, 2, 3, 4}, {2, 2}), w_grad;
    Tape tape;
    Var x = tape.input(values({1, 1}, {1, 2}));
    Var y = linear(x, tape.parameter(w, &w_grad), Var());  // y = [3, 7]
    tape.backward(y, values({1, 0}, {1, 2}));
    BOOST_TEST(bit_identical(x.grad(), values({1, 2}, {1, 2})));
    tape.backward(y, values({0, 1}, {1, 2}));  // a second sweep: one row of the Jacobian each
    BOOST_TEST(bit_identical(x.grad(), values({3, 4}, {1, 2})));
    BOOST_TEST(bit_identical(w_grad, values({1, 1, 1, 1}, {2, 2})));
}

BOOST_AUTO_TEST_CASE(a_backward_override_replaces_one_op_on_one_tape) {
    Tensor x0 = values({-1, 2}, {2});
    Tape plain, overridden;
    overridden.override_backward("relu", [](Node& self) { self.inputs[0]->add_grad(self.grad * 10.0f); });
    Var a = plain.input(x0), b = overridden.input(x0);
    plain.backward(sum(relu(a)));
    overridden.backward(sum(relu(b)));
    BOOST_TEST(bit_identical(a.grad(), values({0, 1}, {2})));
    BOOST_TEST(bit_identical(b.grad(), values({10, 10}, {2})));
}

BOOST_AUTO_TEST_CASE(a_sweep_stopped_at_a_value_gives_its_full_gradient_and_none_below) {
    Tape tape;
    Var x = tape.input(values({1, 2, 3}, {3}));
    Var h = mul(x, x);                          // h = x^2
    Var y = add(mul(h, h), scale(h, 3.0f));     // y = h^2 + 3h: h used twice
    const Tensor seed = values({1, 1, 1}, {3});
    tape.backward(y, seed);
    const Tensor full = h.grad();
    tape.backward(y, seed, h);
    BOOST_TEST(bit_identical(h.grad(), full));  // 2h + 3, both uses summed
    BOOST_TEST(!x.has_grad());                  // h's own rule (to x) never ran
    BOOST_TEST(bit_identical(h.grad(), values({5, 11, 21}, {3})));
}

BOOST_AUTO_TEST_CASE(grad_of_an_unreached_value_is_an_error) {
    Tape tape;
    Var x = tape.input(filled({2}, 1.0f));
    Var unused = tape.input(filled({2}, 1.0f));
    tape.backward(sum(x));
    BOOST_CHECK_THROW(unused.grad(), Error);
}

BOOST_AUTO_TEST_CASE(same_seed_gives_bit_identical_training_steps) {
    auto run = [](std::uint64_t seed) {
        Rng rng(seed);
        Tensor w = rng.normal_tensor({8, 5}), w_grad;
        Tensor x = rng.normal_tensor({16, 5});
        for (int step = 0; step < 3; ++step) {
            Tape tape;
            Var h = dropout(relu(linear(tape.constant(x), tape.parameter(w, &w_grad), Var())), 0.3f, rng, true);
            tape.backward(cross_entropy(h, std::vector<int>(16, 2)));
            w -= 0.1f * w_grad;
            w_grad = Tensor();
        }
        return w;
    };
    BOOST_TEST(bit_identical(run(3), run(3)));
    BOOST_TEST(!bit_identical(run(3), run(4)));
}

BOOST_AUTO_TEST_CASE(fused_ops_are_allowed_only_without_named_outputs_and_overridden_rules) {
    Tape tape;
    BOOST_TEST(tape.allows_fused_ops());
    std::map<std::string, Var> outputs;
    tape.set_named_outputs(&outputs);
    BOOST_TEST(!tape.allows_fused_ops());
    tape.set_named_outputs(nullptr);
    tape.override_backward("relu", [](Node&) {});
    BOOST_TEST(!tape.allows_fused_ops());
    tape.clear_overrides();
    BOOST_TEST(tape.allows_fused_ops());
}

BOOST_AUTO_TEST_SUITE_END()
