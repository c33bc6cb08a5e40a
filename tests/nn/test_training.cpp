// Training converges on small synthetic tasks, is deterministic for a seed, and the
// trainer's sampling, early stopping and best-weight keeping do what they promise.

#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"
#include "nn/resnet18.hpp"
#include "nn/trainer.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;
using namespace agop::nn;

namespace {

TrainerConfig quiet_config(std::size_t epochs, std::size_t batch_size) {
    TrainerConfig config;
    config.epochs = epochs;
    config.batch_size = batch_size;
    config.seed = 7;
    config.quiet = true;
    return config;
}

// Points in [-1, 1]^d labelled by `label`, skipping those within `margin` of the boundary
// (margin() returns the distance-like quantity).
template <class Label, class Margin>
LabelledData points(std::size_t n, std::size_t d, std::uint64_t seed, Label label, Margin margin) {
    Rng rng(seed);
    LabelledData data{Tensor::from_shape({n, d}), {}};
    while (data.labels.size() < n) {
        std::vector<float> x(d);
        for (auto& v : x) v = static_cast<float>(rng.uniform(-1.0, 1.0));
        if (margin(x) < 0.1f) continue;
        std::copy(x.begin(), x.end(), data.inputs.data() + data.labels.size() * d);
        data.labels.push_back(label(x));
    }
    return data;
}

LabelledData linearly_separable(std::size_t n, std::uint64_t seed) {
    auto score = [](const std::vector<float>& x) { return 0.8f * x[0] - 0.5f * x[1] + 0.3f * x[2] - 0.2f * x[3]; };
    return points(n, 4, seed, [&](const std::vector<float>& x) { return score(x) > 0 ? 1 : 0; },
                  [&](const std::vector<float>& x) { return std::abs(score(x)); });
}

LabelledData xor_like(std::size_t n, std::uint64_t seed) {
    return points(n, 2, seed, [](const std::vector<float>& x) { return x[0] * x[1] > 0 ? 1 : 0; },
                  [](const std::vector<float>& x) { return std::min(std::abs(x[0]), std::abs(x[1])); });
}

// 8x8 images: class 1 brighter in the top half, class 0 in the bottom half, plus noise.
LabelledData top_or_bottom_images(std::size_t n, std::uint64_t seed) {
    Rng rng(seed);
    LabelledData data{rng.normal_tensor({n, 1, 8, 8}, 0.0, 0.2), {}};
    for (std::size_t i = 0; i < n; ++i) {
        const int label = static_cast<int>(i % 2);
        data.labels.push_back(label);
        for (std::size_t r = 0; r < 4; ++r)
            for (std::size_t c = 0; c < 8; ++c) data.inputs.data()[i * 64 + (label ? r : r + 4) * 8 + c] += 1.0f;
    }
    return data;
}

struct LabelCounter : TrainingHook {
    std::vector<std::size_t> counts = std::vector<std::size_t>(2, 0);
    std::size_t epochs_begun = 0, epochs_ended = 0;
    void on_epoch_begin(Model&, std::size_t) override { ++epochs_begun; }
    void on_batch_end(Model&, const BatchEnd& batch) override {
        for (int label : batch.labels) ++counts[label];
    }
    void on_epoch_end(Model&, const EpochSummary&) override { ++epochs_ended; }
};

}  // namespace

namespace {
// Every test here but the ResNet one trains a tiny model: one thread (see scoped_threads.hpp).
struct SingleThreaded {
    agop::testing::ScopedThreads threads{1};
};
}  // namespace

BOOST_FIXTURE_TEST_SUITE(training, SingleThreaded)

BOOST_AUTO_TEST_CASE(mlp_learns_a_linearly_separable_task) {
    const auto train = linearly_separable(512, 1), test = linearly_separable(512, 2);
    Mlp model(4, 2, 3);
    Adam adam(model.parameters(), {1e-2f});
    train_classifier(model, adam, train, nullptr, quiet_config(30, 32));
    BOOST_TEST(evaluate_classifier(model, test).second >= 0.98);
}

BOOST_AUTO_TEST_CASE(mlp_learns_an_xor_like_task) {
    const auto train = xor_like(1024, 4), test = xor_like(512, 5);
    Mlp model(2, 2, 6);
    Adam adam(model.parameters(), {1e-2f});
    train_classifier(model, adam, train, nullptr, quiet_config(40, 32));
    BOOST_TEST(evaluate_classifier(model, test).second >= 0.98);
}

BOOST_AUTO_TEST_CASE(cnn8by8_learns_a_trivially_separable_task) {
    const auto train = top_or_bottom_images(512, 7), test = top_or_bottom_images(256, 8);
    Cnn8by8 model(9);
    Adam adam(model.parameters(), {1e-2f});
    train_classifier(model, adam, train, nullptr, quiet_config(30, 32));
    BOOST_TEST(evaluate_classifier(model, test).second >= 0.98);
}

BOOST_AUTO_TEST_CASE(resnet18_overfits_a_batch_of_random_images) {
    Rng rng(10);
    const Tensor images = rng.normal_tensor({32, 3, 32, 32});
    std::vector<int> labels(32);
    for (auto& label : labels) label = static_cast<int>(rng.uniform_index(10));
    agop::testing::ScopedThreads all_threads(2);
    ResNet18 model(3, 10, 11);
    Adam adam(model.parameters(), {1e-3f});
    double loss = 1e9;
    for (int step = 0; step < 40 && loss >= 0.05; ++step) {
        adam.zero_grad();
        Tape tape;
        Var l = cross_entropy(model.forward(tape, tape.constant(images)), labels);
        tape.backward(l);
        adam.step();
        loss = l.value().data()[0];
    }
    BOOST_TEST(loss < 0.05);
}

BOOST_AUTO_TEST_CASE(same_seed_gives_bit_identical_weights) {
    const auto train = xor_like(256, 12);
    std::vector<Tensor> weights[2];
    for (auto& w : weights) {
        Mlp model(2, 2, 13);
        Adam adam(model.parameters(), {1e-2f});
        train_classifier(model, adam, train, nullptr, quiet_config(3, 32));
        for (auto& [name, tensor] : model.state()) w.push_back(*tensor);
    }
    for (std::size_t i = 0; i < weights[0].size(); ++i) BOOST_TEST(bit_identical(weights[0][i], weights[1][i]));
}

BOOST_AUTO_TEST_CASE(early_stopping_after_patience_epochs_without_improvement) {
    const auto train = xor_like(128, 14), validation = xor_like(64, 15);
    Mlp model(2, 2, 16);
    Sgd frozen(model.parameters(), {0.0f});
    auto config = quiet_config(20, 32);
    config.patience = 3;
    const auto result = train_classifier(model, frozen, train, &validation, config);
    BOOST_TEST(result.stopped_early);
    BOOST_TEST(result.history.size() == 4u);
    BOOST_TEST(result.best_epoch == 0u);
}

BOOST_AUTO_TEST_CASE(keeps_the_best_validation_weights) {
    const auto train = xor_like(256, 17), validation = xor_like(128, 18);
    Mlp model(2, 2, 19);
    Adam adam(model.parameters(), {3e-2f});
    auto config = quiet_config(12, 32);
    const auto result = train_classifier(model, adam, train, &validation, config);
    double best = 1e9;
    for (const auto& epoch : result.history) best = std::min(best, epoch.validation_loss);
    BOOST_TEST(result.history[result.best_epoch].validation_loss == best);
    BOOST_TEST(evaluate_classifier(model, validation).first == best, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(class_balanced_sampling_evens_out_an_imbalanced_set_and_hooks_run) {
    LabelledData data{Rng(20).normal_tensor({1000, 2}), std::vector<int>(1000, 0)};
    for (std::size_t i = 0; i < 100; ++i) data.labels[i] = 1;
    Mlp model(2, 2, 21);
    Sgd sgd(model.parameters(), {0.01f});
    auto config = quiet_config(2, 100);
    config.sampling = TrainerConfig::Sampling::class_balanced;
    LabelCounter counter;
    train_classifier(model, sgd, data, nullptr, config, {&counter});
    BOOST_TEST(counter.epochs_begun == 2u);
    BOOST_TEST(counter.epochs_ended == 2u);
    BOOST_TEST(counter.counts[0] + counter.counts[1] == 2000u);
    BOOST_TEST(counter.counts[1] > 900u);
    BOOST_TEST(counter.counts[1] < 1100u);
}

BOOST_AUTO_TEST_CASE(schedule_sets_the_learning_rate_each_epoch) {
    const auto train = xor_like(64, 22);
    Mlp model(2, 2, 23);
    Sgd sgd(model.parameters(), {0.1f});
    auto config = quiet_config(3, 32);
    config.schedule = {LrSchedule::Kind::step, 1, 0.5};
    const auto result = train_classifier(model, sgd, train, nullptr, config);
    BOOST_TEST(result.history[2].learning_rate == 0.025, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(refuses_labels_outside_the_classes) {
    LabelledData data{Tensor::from_shape({2, 2}), {0, 5}};
    Mlp model(2, 2, 24);
    Sgd sgd(model.parameters(), {0.1f});
    BOOST_CHECK_THROW(train_classifier(model, sgd, data, nullptr, quiet_config(1, 2)), Error);
}


BOOST_AUTO_TEST_CASE(diverging_training_stops_naming_epoch_and_batch_and_keeps_the_initial_weights) {
    const auto train = xor_like(256, 25);
    Mlp model(2, 2, 26);
    std::vector<Tensor> initial;
    for (auto& [name, tensor] : model.state()) initial.push_back(*tensor);
    // A learning rate no range check on the command line lets through, given by a library call.
    Sgd sgd(model.parameters(), {1e30f});
    try {
        train_classifier(model, sgd, train, nullptr, quiet_config(3, 32));
        BOOST_ERROR("training with lr 1e30 did not stop");
    } catch (const TrainingDiverged& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("training diverged at epoch 1, batch ") != std::string::npos, message);
        BOOST_TEST(message.find("its initial weights") != std::string::npos, message);
    }
    std::size_t i = 0;
    for (auto& [name, tensor] : model.state()) BOOST_TEST(bit_identical(*tensor, initial[i++]), name);
}

BOOST_AUTO_TEST_CASE(diverging_training_keeps_the_best_validation_weights) {
    const auto train = xor_like(256, 27), validation = xor_like(64, 28);
    // Epoch 1 trains at 0.01; the step schedule then multiplies the rate by 1e32.
    auto config = quiet_config(3, 32);
    config.schedule = {LrSchedule::Kind::step, 1, 1e32};
    std::vector<Tensor> after_first_epoch;
    {
        Mlp reference(2, 2, 29);
        Sgd sgd(reference.parameters(), {1e-2f});
        auto one_epoch = config;
        one_epoch.epochs = 1;
        train_classifier(reference, sgd, train, &validation, one_epoch);
        for (auto& [name, tensor] : reference.state()) after_first_epoch.push_back(*tensor);
    }
    Mlp model(2, 2, 29);
    Sgd sgd(model.parameters(), {1e-2f});
    try {
        train_classifier(model, sgd, train, &validation, config);
        BOOST_ERROR("training at lr 1e30 did not stop");
    } catch (const TrainingDiverged& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("training diverged at epoch 2, batch ") != std::string::npos, message);
        BOOST_TEST(message.find("the best validation weights (epoch 1)") != std::string::npos, message);
    }
    std::size_t i = 0;
    for (auto& [name, tensor] : model.state()) BOOST_TEST(bit_identical(*tensor, after_first_epoch[i++]), name);
}

BOOST_AUTO_TEST_SUITE_END()
