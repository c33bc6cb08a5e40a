// T1-T10 of benchmarks.md: the tabular MLP d=20 -> 64 -> 64 -> C=3 (training and every
// tabular attribution method) on seeded N(0, I) rows, and one epoch of training on Adult.
// The model is an untrained seeded MLP: the cost of a method does not depend on the weights.
// bench/pytorch_reference.py runs the same work with the same shapes and loop counts.

#include <iostream>

#include <xtensor/xview.hpp>

#include "attribution/baseline.hpp"
#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "bench/training_step.hpp"
#include "bench/workload.hpp"
#include "data/adult.hpp"
#include "nn/agop.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"

namespace agop::bench {

namespace {

constexpr std::size_t kFeatures = 20, kClasses = 3;
constexpr std::size_t kTrainingRows = 10000;  // the synthetic tasks' N: AGOP, background and LIME statistics
constexpr std::size_t kExplained = 1000;      // T2-T7
// KernelSHAP evaluates 2,088 coalitions x 100 background rows = 208,800 model rows per
// sample (about 30 s for 100 samples here): T8 times 10 samples, T9 (LIME) the 100 of benchmarks.md.
constexpr std::size_t kKernelShapSamples = 10;
constexpr std::size_t kLimeSamples = 100;
constexpr std::size_t kBackgroundRows = 100;
constexpr std::uint64_t kSeed = 7;

// The rows every tabular workload draws from: (kTrainingRows, d) ~ N(0, I).
const Tensor& training_rows() {
    static const Tensor rows = Rng(kSeed).normal_tensor({kTrainingRows, kFeatures});
    return rows;
}

Tensor first_rows(std::size_t count) { return xt::view(training_rows(), xt::range(0, count), xt::all()); }

// One explain() call on the first `samples` rows, repeated `calls` times per repetition
// (the fast methods take about a millisecond, too short to time alone).
Measurement attribution_rate(const std::string& id, const std::string& method, std::size_t samples, std::size_t calls,
                             const MethodSettings& settings, int threads) {
    nn::Mlp mlp(kFeatures, kClasses, kSeed);
    const ExplainedModel model = explained_model(mlp);
    const Tensor inputs = first_rows(samples);
    const Timing t = time_median([&] {
        for (std::size_t c = 0; c < calls; ++c) (void)explain(method, model, inputs, Targets::predicted(), settings);
    });
    return rate_measurement(id, method + " on " + std::to_string(samples) + " rows of the MLP 20-64-64-3, predicted class",
                            "samples/s", static_cast<double>(samples * calls), t, threads);
}

std::vector<Measurement> mlp_training_step(int threads) {
    constexpr std::size_t batch = 128, steps = 100;
    nn::Mlp mlp(kFeatures, kClasses, kSeed);
    nn::Adam adam(mlp.parameters(), nn::AdamOptions{});
    return {training_steps_rate("T1", "MLP 20-64-64-3 training step, Adam, cross-entropy, batch 128", "samples/s", mlp,
                                adam, first_rows(batch), random_labels(batch, kClasses, kSeed), steps, threads)};
}

std::vector<Measurement> gradients(int threads) {
    return {attribution_rate("T2-vanilla-grad", "vanilla-grad", kExplained, 20, {}, threads),
            attribution_rate("T2-input-x-gradient", "input-x-gradient", kExplained, 20, {}, threads)};
}

std::vector<Measurement> integrated_gradients(int threads) {
    MethodSettings settings;
    settings.integrated_gradients.steps = 50;
    return {attribution_rate("T3", "integrated-gradients", kExplained, 1, settings, threads)};
}

std::vector<Measurement> smoothgrad(int threads) {
    MethodSettings settings;
    settings.smoothgrad.samples = 50;
    return {attribution_rate("T4", "smoothgrad", kExplained, 1, settings, threads)};
}

nn::AgopOptions full_agop() {
    nn::AgopOptions options;
    options.diagonal = false;
    return options;
}

std::vector<Measurement> agop_and_eigenpairs(int threads) {
    nn::Mlp mlp(kFeatures, kClasses, kSeed);
    const Timing t = time_median([&] {
        const Tensor m = nn::compute_agop(mlp, training_rows(), full_agop());
        (void)agop_top_k(m, AgopTruncation{});
    });
    return {seconds_measurement("T5", "AGOP (20 x 20, all 3 logits) on 10,000 rows, then its top-K eigenpairs (95% energy)",
                                t, threads)};
}

std::vector<Measurement> agop_ixg(int threads) {
    nn::Mlp mlp(kFeatures, kClasses, kSeed);
    MethodSettings settings;
    settings.agop.matrix = nn::compute_agop(mlp, training_rows(), full_agop());
    return {attribution_rate("T6", "agop-ixg", kExplained, 20, settings, threads)};
}

std::vector<Measurement> deepshap(int threads) {
    MethodSettings settings;
    settings.deepshap.background = sample_background(training_rows(), kBackgroundRows, kSeed);
    return {attribution_rate("T7", "deepshap", kExplained, 1, settings, threads)};
}

std::vector<Measurement> kernelshap(int threads) {
    MethodSettings settings;
    settings.kernelshap.background = sample_background(training_rows(), kBackgroundRows, kSeed);
    settings.kernelshap.budget = 2 * kFeatures + 2048;
    return {attribution_rate("T8", "kernelshap", kKernelShapSamples, 1, settings, threads)};
}

std::vector<Measurement> lime(int threads) {
    MethodSettings settings;
    const FeatureStatistics stats = feature_statistics(training_rows());
    settings.lime.feature_mean = stats.mean;
    settings.lime.feature_std = stats.std;
    settings.lime.samples = 5000;
    return {attribution_rate("T9", "lime", kLimeSamples, 1, settings, threads)};
}

std::vector<Measurement> adult_epoch(int threads) {
    TabularDataset adult;
    try {
        adult = load_adult();
    } catch (const Error& e) {
        std::cerr << "bench: T10 skipped, the Adult files are not available: " << e.what() << "\n";
        return {};
    }
    nn::LabelledData train{adult.X_train, adult.y_train};
    const std::size_t columns = adult.X_train.shape()[1];
    nn::TrainerConfig config;
    config.epochs = 1;
    config.batch_size = 256;
    config.keep_best = false;
    config.quiet = true;
    const Timing t = time_median([&] {
        nn::Mlp mlp(columns, 2, kSeed);
        nn::Adam adam(mlp.parameters(), nn::AdamOptions{});
        (void)nn::train_classifier(mlp, adam, train, nullptr, config);
    });
    return {seconds_measurement("T10",
                                "one epoch of MLP " + std::to_string(columns) + "-64-64-2 on Adult's " +
                                    std::to_string(train.size()) + " complete training rows, Adam, batch 256",
                                t, threads)};
}

}  // namespace

std::vector<Workload> tabular_workloads() {
    return {
        {"T1", "MLP training step, batch 128", mlp_training_step},
        {"T2", "vanilla gradient and InputXGradient, 1,000 rows", gradients},
        {"T3", "Integrated Gradients, 50 steps, 1,000 rows", integrated_gradients},
        {"T4", "SmoothGrad, 50 samples, 1,000 rows", smoothgrad},
        {"T5", "AGOP on 10,000 rows and its top-K eigenpairs", agop_and_eigenpairs},
        {"T6", "AGOP-IxG given the AGOP, 1,000 rows", agop_ixg},
        {"T7", "DeepSHAP, 100 background rows, 1,000 rows", deepshap},
        {"T8", "KernelSHAP, 2d+2048 coalitions, 100 background rows, 10 rows", kernelshap},
        {"T9", "LIME, 5,000 perturbations, 100 rows", lime},
        {"T10", "Adult MLP, one epoch, batch 256", adult_epoch},
    };
}

}  // namespace agop::bench
