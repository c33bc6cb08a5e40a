// The AGOP: post hoc against explicit finite-difference Jacobians, diagonal against the full
// matrix, and the training hook against the post-hoc computation on the same batches.

#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "nn/agop.hpp"
#include "nn/agop_hook.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;
using namespace agop::nn;

namespace {

struct SingleThreaded {
    agop::testing::ScopedThreads threads{1};
};

void expect_close(const Tensor& a, const Tensor& b, double tolerance) {
    BOOST_REQUIRE(shape_of(a) == shape_of(b));
    double scale = 0.0, worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        scale = std::max(scale, std::abs(static_cast<double>(b.data()[i])));
        worst = std::max(worst, std::abs(static_cast<double>(a.data()[i]) - b.data()[i]));
    }
    BOOST_TEST(worst <= tolerance * std::max(scale, 1e-12), "max difference " << worst << " at scale " << scale);
}


LabelledData random_rows(std::size_t n, std::size_t d, std::size_t classes, std::uint64_t seed) {
    Rng rng(seed);
    LabelledData data{rng.normal_tensor({n, d}), std::vector<int>(n)};
    for (auto& label : data.labels) label = static_cast<int>(rng.uniform_index(classes));
    return data;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(agop_tests, SingleThreaded)

BOOST_AUTO_TEST_CASE(post_hoc_agop_equals_the_mean_of_finite_difference_jacobian_outer_products) {
    Mlp model(3, 2, {5}, 1);
    const Tensor x = Rng(2).normal_tensor({6, 3});
    AgopOptions options;
    options.batch_size = 4;
    const Tensor agop = compute_agop(model, x, options);

    const double eps = 1e-2;
    std::vector<double> expected(9, 0.0);
    for (std::size_t i = 0; i < 6; ++i) {
        double jacobian[2][3];
        for (std::size_t k = 0; k < 3; ++k) {
            Tensor plus = Tensor::from_shape({1, 3}), minus = Tensor::from_shape({1, 3});
            for (std::size_t j = 0; j < 3; ++j) plus.data()[j] = minus.data()[j] = x.data()[i * 3 + j];
            plus.data()[k] += static_cast<float>(eps);
            minus.data()[k] -= static_cast<float>(eps);
            const Tensor up = model.predict(plus), down = model.predict(minus);
            for (std::size_t c = 0; c < 2; ++c) jacobian[c][k] = (up.data()[c] - down.data()[c]) / (2 * eps);
        }
        for (std::size_t a = 0; a < 3; ++a)
            for (std::size_t b = 0; b < 3; ++b)
                expected[a * 3 + b] += (jacobian[0][a] * jacobian[0][b] + jacobian[1][a] * jacobian[1][b]) / 6.0;
    }
    Tensor expected_tensor = Tensor::from_shape({3, 3});
    std::copy(expected.begin(), expected.end(), expected_tensor.begin());
    expect_close(agop, expected_tensor, 1e-3);
}

BOOST_AUTO_TEST_CASE(diagonal_equals_the_diagonal_of_the_full_matrix_for_every_option) {
    Cnn8by8 cnn(3, 3);
    const Tensor images = Rng(4).normal_tensor({10, 1, 8, 8});
    const std::vector<int> labels{0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
    for (auto outputs : {AgopOptions::Outputs::all, AgopOptions::Outputs::predicted, AgopOptions::Outputs::true_class})
        for (auto space : {AgopOptions::Space::logits, AgopOptions::Space::probabilities}) {
            AgopOptions options;
            options.outputs = outputs;
            options.space = space;
            options.batch_size = 4;
            const Tensor full = compute_agop(cnn, images, options, &labels);
            options.diagonal = true;
            const Tensor diagonal = compute_agop(cnn, images, options, &labels);
            BOOST_TEST(shape_of(diagonal) == (Shape{1, 8, 8}));
            expect_close(diagonal, agop_diagonal(full, {1, 8, 8}), 1e-5);
        }
}

BOOST_AUTO_TEST_CASE(all_outputs_is_the_sum_over_classes_of_single_class_agops) {
    Mlp model(4, 3, {6}, 5);
    const auto data = random_rows(20, 4, 3, 6);
    AgopOptions options;
    const Tensor all = compute_agop(model, data.inputs, options);
    Tensor per_class_sum = xt::zeros<float>({4, 4});
    options.outputs = AgopOptions::Outputs::true_class;
    for (int c = 0; c < 3; ++c) {
        const std::vector<int> labels(20, c);
        per_class_sum += compute_agop(model, data.inputs, options, &labels);
    }
    expect_close(all, per_class_sum, 1e-5);
}

BOOST_AUTO_TEST_CASE(hook_on_frozen_weights_equals_post_hoc_agop_on_the_same_data) {
    Mlp model(5, 3, {8, 8}, 7);
    const auto data = random_rows(100, 5, 3, 8);
    Sgd frozen(model.parameters(), {0.0f});
    TrainerConfig config;
    config.epochs = 3;
    config.batch_size = 16;
    config.quiet = true;
    AgopHook hook({});
    train_classifier(model, frozen, data, nullptr, config, {&hook});
    BOOST_TEST(hook.samples_seen() == 100u);
    BOOST_TEST(hook.snapshots().size() == 3u);
    BOOST_TEST(hook.snapshot_rows() == (std::vector<std::size_t>{100, 100, 100}), boost::test_tools::per_element());
    expect_close(hook.agop(), compute_agop(model, data.inputs, {}), 1e-5);
}

BOOST_AUTO_TEST_CASE(hook_every_kth_batch_cumulative_and_ema_match_the_batches_they_used) {
    Mlp model(4, 2, {6}, 9);
    const auto data = random_rows(64, 4, 2, 10);
    Sgd frozen(model.parameters(), {0.0f});
    TrainerConfig config;
    config.epochs = 2;
    config.batch_size = 8;
    config.quiet = true;
    AgopHookOptions cumulative_options;
    cumulative_options.accumulation = AgopHookOptions::Accumulation::cumulative;
    cumulative_options.every_k_batches = 3;
    cumulative_options.agop.diagonal = true;
    AgopHookOptions ema_options;
    ema_options.accumulation = AgopHookOptions::Accumulation::ema;
    ema_options.ema_decay = 0.5;
    AgopHook cumulative(cumulative_options), ema(ema_options);
    std::vector<std::pair<Tensor, std::vector<int>>> all_batches;
    struct Collector : TrainingHook {
        std::vector<std::pair<Tensor, std::vector<int>>>* out;
        void on_batch_end(Model&, const BatchEnd& b) override { out->emplace_back(b.inputs, b.labels); }
    } collector;
    collector.out = &all_batches;
    train_classifier(model, frozen, data, nullptr, config, {&cumulative, &ema, &collector});

    Tensor sum;
    std::size_t samples = 0;
    Tensor expected_ema;
    for (std::size_t i = 0; i < all_batches.size(); ++i) {
        const auto& [inputs, labels] = all_batches[i];
        if ((i % 8) % 3 == 0) {  // 8 batches per epoch; batches 0, 3, 6 of each
            add_agop_sum(model, inputs, &labels, cumulative_options.agop, sum);
            samples += labels.size();
        }
        Tensor batch;
        add_agop_sum(model, inputs, &labels, ema_options.agop, batch);
        batch /= static_cast<float>(labels.size());
        expected_ema = i == 0 ? batch : Tensor(0.5f * expected_ema + 0.5f * batch);
    }
    BOOST_TEST(cumulative.samples_seen() == samples);
    BOOST_TEST(cumulative.snapshot_rows() == (std::vector<std::size_t>{24, 48}), boost::test_tools::per_element());
    sum /= static_cast<float>(samples);
    expect_close(cumulative.agop(), sum, 1e-5);
    expect_close(ema.agop(), expected_ema, 1e-5);
}

BOOST_AUTO_TEST_CASE(hook_refuses_to_report_before_any_batch_and_options_are_checked) {
    AgopHook hook({});
    BOOST_CHECK_THROW(hook.agop(), Error);
    AgopHookOptions bad;
    bad.every_k_batches = 0;
    BOOST_CHECK_THROW(AgopHook{bad}, Error);
    Mlp model(2, 2, 11);
    AgopOptions needs_labels;
    needs_labels.outputs = AgopOptions::Outputs::true_class;
    BOOST_CHECK_THROW(compute_agop(model, Tensor::from_shape({3, 2}), needs_labels), Error);
}

BOOST_AUTO_TEST_SUITE_END()
