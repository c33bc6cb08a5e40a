// DenseForward (KernelSHAP's forward-only MLP evaluation) against the model's own forward
// on the tape; KernelSHAP through it against the tape path and brute force.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "attribution/kernelshap.hpp"
#include "attribution/kernelshap_dense_forward.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/probability_output.hpp"
#include "autodiff/error.hpp"
#include "nn/mlp.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// The largest |a - b| / (1 + |b|) over the elements.
double max_relative_difference(const float* a, const float* b, std::size_t count) {
    double worst = 0.0;
    for (std::size_t i = 0; i < count; ++i)
        worst = std::max(worst, std::abs(double(a[i]) - b[i]) / (1.0 + std::abs(double(b[i]))));
    return worst;
}

// Both kernels where this CPU runs them (the AVX-512 one only with AVX-512).
std::vector<SimdLevel> kernels_here() {
    if (detect_cpu_features().avx512f) return {SimdLevel::sse, SimdLevel::avx512};
    BOOST_TEST_MESSAGE("no AVX-512 on this CPU: only the portable kernel is checked");
    return {SimdLevel::sse};
}

void check_against_tape(nn::Mlp& mlp, std::size_t inputs, std::size_t classes) {
    const ExplainedModel model = explained_model(mlp);
    BOOST_REQUIRE(model.dense_layers);
    const Tensor rows = normal_inputs({23, inputs}, 41);  // 23: the last block of 6 is partial
    const Tensor logits = predict_logits(model, rows);
    std::vector<std::vector<float>> by_kernel;
    for (SimdLevel kernel : kernels_here()) {
        const DenseForward forward(model.dense_layers(), kernel);
        BOOST_TEST(forward.inputs() == inputs);
        BOOST_TEST(forward.classes() == classes);
        for (std::size_t target = 0; target < classes; ++target) {
            std::vector<float> got(23), expected(23);
            forward.target_logits(rows.data(), 23, target, got.data());
            for (std::size_t r = 0; r < 23; ++r) expected[r] = logits(r, target);
            BOOST_TEST(max_relative_difference(got.data(), expected.data(), 23) < 1e-5);
            if (target == 0) by_kernel.push_back(got);
        }
    }
    // The AVX-512 kernel does the portable loops' arithmetic in the same order: the same bits.
    for (const auto& values : by_kernel) BOOST_TEST((values == by_kernel.front()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kernelshap_dense_forward_tests)

BOOST_AUTO_TEST_CASE(dense_forward_gives_the_tapes_logits_for_widths_of_64) {
    nn::Mlp mlp(20, 3, {64, 64}, 5);
    check_against_tape(mlp, 20, 3);
}

BOOST_AUTO_TEST_CASE(dense_forward_gives_the_tapes_logits_for_widths_that_are_not_multiples_of_16) {
    nn::Mlp deep(7, 4, {37, 90, 16, 3}, 6);
    check_against_tape(deep, 7, 4);
    nn::Mlp linear(19, 2, {}, 7);  // no hidden layer: the inputs' width reaches the last layer
    check_against_tape(linear, 19, 2);
}

BOOST_AUTO_TEST_CASE(dense_forward_refuses_layers_that_do_not_chain_and_classes_it_lacks) {
    const std::vector<DenseLayer> broken{{Tensor::from_shape({4, 3}), Tensor::from_shape({4})},
                                         {Tensor::from_shape({2, 5}), Tensor::from_shape({2})}};
    BOOST_CHECK_THROW(DenseForward(broken, SimdLevel::sse), Error);
    const DenseForward forward({{Tensor::from_shape({2, 3}), Tensor::from_shape({2})}}, SimdLevel::sse);
    std::vector<float> row(3, 1.0f), out(1);
    BOOST_CHECK_THROW(forward.target_logits(row.data(), 1, 2, out.data()), Error);
}

BOOST_AUTO_TEST_CASE(probability_models_give_no_dense_layers) {
    nn::Mlp mlp(5, 3, {8}, 8);
    BOOST_TEST(!probability_model(explained_model(mlp)).dense_layers);
}

BOOST_AUTO_TEST_CASE(kernelshap_through_dense_forward_matches_the_tape_path_and_brute_force) {
    nn::Mlp mlp(6, 3, {64, 64}, 9);
    const ExplainedModel fast = explained_model(mlp);
    ExplainedModel taped = fast;
    taped.dense_layers = nullptr;
    const Tensor x = normal_inputs({5, 6}, 10);
    KernelShapSettings settings;
    settings.background = normal_inputs({7, 6}, 11);
    const std::vector<int> targets{0, 1, 2, 1, 0};
    // Exact (all 62 coalitions): the efficiency sum must also hold.
    const Tensor exact_fast = kernelshap(fast, x, targets, settings);
    const Tensor exact_taped = kernelshap(taped, x, targets, settings);
    BOOST_TEST(max_relative_difference(exact_fast.data(), exact_taped.data(), exact_fast.size()) < 1e-5);
    // Sampled coalitions, per-sample streams.
    settings.exact_max_players = 0;
    settings.budget = 40;
    settings.seed = 12;
    const Tensor sampled_fast = kernelshap(fast, x, targets, settings);
    const Tensor sampled_taped = kernelshap(taped, x, targets, settings);
    BOOST_TEST(max_relative_difference(sampled_fast.data(), sampled_taped.data(), sampled_fast.size()) < 1e-5);
}

BOOST_AUTO_TEST_CASE(kernelshap_through_dense_forward_is_bit_identical_at_one_and_two_threads) {
    nn::Mlp mlp(9, 2, {64, 64}, 13);
    const ExplainedModel model = explained_model(mlp);
    const Tensor x = normal_inputs({3, 9}, 14);
    KernelShapSettings settings;
    settings.background = normal_inputs({10, 9}, 15);
    settings.exact_max_players = 0;
    settings.budget = 300;
    const std::vector<int> targets{1, 0, 1};
    Tensor one, two;
    {
        ScopedThreads threads(1);
        one = kernelshap(model, x, targets, settings);
    }
    {
        ScopedThreads threads(2);
        two = kernelshap(model, x, targets, settings);
    }
    BOOST_TEST(std::equal(one.data(), one.data() + one.size(), two.data()));
}

BOOST_AUTO_TEST_SUITE_END()
