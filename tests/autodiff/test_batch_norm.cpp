// batch_norm's values against its formula, and the same bits on one and two threads
// (its loops are shared between threads by channel); batch_norm_relu with the bits of relu
// after batch_norm. Gradients: test_op_gradients.cpp.

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cmath>

#include "autodiff/ops.hpp"
#include "autodiff/rng.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;

namespace {

struct BatchNormRun {
    Tensor out, dx, dgamma, running_mean, running_var;
};

// (8, 16, 16, 16): 32,768 values, enough to open a parallel region.
BatchNormRun run_batch_norm(bool training, int threads, bool fused_relu = false, bool relu_after = false) {
    agop::testing::ScopedThreads scoped(threads);
    Rng rng(5);
    const Tensor x = rng.normal_tensor({8, 16, 16, 16}), seed = rng.normal_tensor({8, 16, 16, 16});
    Tensor gamma = rng.normal_tensor({16}), beta = rng.normal_tensor({16}), dgamma = xt::zeros<float>({16});
    Tensor running_mean = rng.normal_tensor({16}), running_var = xt::exp(rng.normal_tensor({16}));
    Tape tape;
    Var xv = tape.input(x), g = tape.parameter(gamma, &dgamma), b = tape.constant(beta);
    const BatchNormState state{&running_mean, &running_var, 0.1f, 1e-5f};
    Var out = fused_relu ? batch_norm_relu(xv, g, b, state, training) : batch_norm(xv, g, b, state, training);
    if (relu_after) out = relu(out);
    tape.backward(out, seed);
    return {out.value(), xv.grad(), dgamma, running_mean, running_var};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(batch_norm_op)

BOOST_AUTO_TEST_CASE(eval_mode_applies_the_running_statistics_per_channel) {
    Rng rng(6);
    const Tensor x = rng.normal_tensor({3, 2, 2, 3});
    Tensor gamma = rng.normal_tensor({2}), beta = rng.normal_tensor({2});
    Tensor running_mean = rng.normal_tensor({2}), running_var = xt::exp(rng.normal_tensor({2}));
    Tape tape;
    Var out = batch_norm(tape.constant(x), tape.constant(gamma), tape.constant(beta),
                         {&running_mean, &running_var, 0.1f, 1e-5f}, false);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const std::size_t c = (i / 6) % 2;
        const double expected = gamma(c) * (x.data()[i] - running_mean(c)) / std::sqrt(running_var(c) + 1e-5) + beta(c);
        BOOST_TEST(out.value().data()[i] == expected, boost::test_tools::tolerance(1e-5));
    }
}

// Planes of 15 values (runs of 8 and a remainder) far from zero: the batch's mean and biased
// variance, and the running statistics' moves, against a long double computation.
BOOST_AUTO_TEST_CASE(training_mode_normalises_with_the_batch_statistics_and_moves_the_running_ones) {
    Rng rng(7);
    Tensor x = rng.normal_tensor({5, 2, 3, 5});
    for (float& v : x) v = 1000.0f + 3.0f * v;
    Tensor gamma = rng.normal_tensor({2}), beta = rng.normal_tensor({2});
    Tensor running_mean = filled({2}, 0.5f), running_var = filled({2}, 2.0f);
    Tape tape;
    Var out = batch_norm(tape.constant(x), tape.constant(gamma), tape.constant(beta),
                         {&running_mean, &running_var, 0.1f, 1e-5f}, true);
    for (std::size_t c = 0; c < 2; ++c) {
        long double total = 0, total_sq = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            if ((i / 15) % 2 == c) total += x.data()[i];
        const long double mean = total / 75;
        for (std::size_t i = 0; i < x.size(); ++i)
            if ((i / 15) % 2 == c) total_sq += (x.data()[i] - mean) * (x.data()[i] - mean);
        const long double var = total_sq / 75;
        BOOST_TEST(running_mean(c) == static_cast<double>(0.9L * 0.5L + 0.1L * mean), boost::test_tools::tolerance(1e-6));
        BOOST_TEST(running_var(c) == static_cast<double>(0.9L * 2.0L + 0.1L * var * 75 / 74),
                   boost::test_tools::tolerance(1e-5));
        for (std::size_t i = 0; i < x.size(); ++i)
            if ((i / 15) % 2 == c) {
                const long double expected = gamma(c) * (x.data()[i] - mean) / std::sqrt(var + 1e-5L) + beta(c);
                BOOST_TEST(std::abs(out.value().data()[i] - static_cast<double>(expected)) < 2e-4);
            }
    }
}

BOOST_AUTO_TEST_CASE(training_and_eval_give_the_same_bits_on_one_and_two_threads) {
    for (bool training : {true, false}) {
        const BatchNormRun one = run_batch_norm(training, 1), two = run_batch_norm(training, 2);
        BOOST_TEST((one.out == two.out));
        BOOST_TEST((one.dx == two.dx));
        BOOST_TEST((one.dgamma == two.dgamma));
        BOOST_TEST((one.running_mean == two.running_mean));
        BOOST_TEST((one.running_var == two.running_var));
    }
}

BOOST_AUTO_TEST_CASE(batch_norm_relu_gives_the_bits_of_relu_after_batch_norm) {
    for (bool training : {true, false})
        for (int threads : {1, 2}) {
            const BatchNormRun fused = run_batch_norm(training, threads, true, false);
            const BatchNormRun apart = run_batch_norm(training, threads, false, true);
            BOOST_TEST((fused.out == apart.out));
            BOOST_TEST((fused.dx == apart.dx));
            BOOST_TEST((fused.dgamma == apart.dgamma));
            BOOST_TEST((fused.running_mean == apart.running_mean));
            BOOST_TEST(std::count(fused.out.begin(), fused.out.end(), 0.0f) > 0);  // relu did cut
        }
}

BOOST_AUTO_TEST_SUITE_END()
