#include <boost/test/unit_test.hpp>
#include <cmath>

#include "attribution/probability_output.hpp"
#include "attribution/vanilla_gradient.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// softmax(W x + b) for one row, in double.
std::vector<double> softmax_of_linear(const Tensor& w, const Tensor& b, const Tensor& x, std::size_t row) {
    const std::size_t c = w.shape()[0], d = w.shape()[1];
    std::vector<double> z(c);
    double total = 0;
    for (std::size_t k = 0; k < c; ++k) {
        z[k] = b(k);
        for (std::size_t j = 0; j < d; ++j) z[k] += w(k, j) * x(row, j);
        z[k] = std::exp(z[k]);
        total += z[k];
    }
    for (double& v : z) v /= total;
    return z;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(probability_output)

BOOST_AUTO_TEST_CASE(predicted_probabilities_are_the_softmax_of_the_logits) {
    const Tensor w = linear_weight(), b = linear_bias(), x = normal_inputs({4, 5}, 3);
    const Tensor p = predict_probabilities(linear_model(w, b), x);
    for (std::size_t r = 0; r < 4; ++r) {
        const auto expected = softmax_of_linear(w, b, x, r);
        for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(std::abs(p(r, k) - expected[k]) < 1e-6);
    }
}

BOOST_AUTO_TEST_CASE(gradient_of_the_wrapped_model_is_the_softmax_jacobian_row) {
    // d p_t / d x = p_t (w_t - sum_k p_k w_k) for p = softmax(W x + b).
    const Tensor w = linear_weight(), b = linear_bias(), x = normal_inputs({3, 5}, 4);
    const std::vector<int> targets = {0, 2, 1};
    const Tensor g = vanilla_gradient(probability_model(linear_model(w, b)), x, targets);
    for (std::size_t r = 0; r < 3; ++r) {
        const auto p = softmax_of_linear(w, b, x, r);
        for (std::size_t j = 0; j < 5; ++j) {
            double mixed = 0;
            for (std::size_t k = 0; k < 3; ++k) mixed += p[k] * w(k, j);
            const double expected = p[targets[r]] * (w(targets[r], j) - mixed);
            BOOST_TEST(std::abs(g(r, j) - expected) < 1e-6);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
