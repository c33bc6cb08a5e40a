// C1-C3 of benchmarks.md: CNN8by8 (XAI-TRIS's 1x8x8 model, 2 classes) on seeded N(0, 1)
// images: a training step, the image attribution methods, and the cost of the AGOP
// training hook. bench/pytorch_reference.py runs the same work with the same loop counts.

#include <xtensor/xview.hpp>

#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/rng.hpp"
#include "bench/training_step.hpp"
#include "bench/workload.hpp"
#include "nn/agop.hpp"
#include "nn/agop_hook.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/trainer.hpp"

namespace agop::bench {

namespace {

constexpr std::size_t kClasses = 2;
constexpr std::size_t kImages = 10000;  // XAI-TRIS's N per scenario
constexpr std::size_t kExplained = 1000;
constexpr std::uint64_t kSeed = 11;
constexpr float kLearningRate = 5e-4f;  // XAI-TRIS's Adam
// The every-k setting recommended for training: at batch 512 the hook's eval forward and
// two backward sweeps cost slightly more than the training step itself (measured: +100% to
// +120% per epoch at every batch, in agop and in PyTorch), so every 5th batch brings the
// overhead to about 20-25% while still averaging 2,048 images per epoch into diag(M).
constexpr std::size_t kRecommendedEveryK = 5;

const Tensor& images() {
    static const Tensor all = Rng(kSeed).normal_tensor({kImages, 1, 8, 8});
    return all;
}

Tensor first_images(std::size_t count) {
    return xt::view(images(), xt::range(0, count), xt::all(), xt::all(), xt::all());
}

std::vector<Measurement> training_step_rate(int threads) {
    constexpr std::size_t batch = 64, steps = 100;
    nn::Cnn8by8 cnn(kSeed, kClasses);
    nn::Adam adam(cnn.parameters(), nn::AdamOptions{kLearningRate});
    return {training_steps_rate("C1", "CNN8by8 training step, Adam, cross-entropy, batch 64", "images/s", cnn, adam,
                                first_images(batch), random_labels(batch, kClasses, kSeed), steps, threads)};
}

std::vector<Measurement> attribution_rates(int threads) {
    nn::Cnn8by8 cnn(kSeed, kClasses);
    MethodSettings settings;
    settings.integrated_gradients.steps = 50;
    settings.smoothgrad.samples = 50;
    nn::AgopOptions diagonal;
    diagonal.diagonal = true;
    settings.agop.matrix = nn::compute_agop(cnn, images(), diagonal);  // (1, 8, 8), computed once as in use
    const ExplainedModel model = explained_model(cnn);
    const Tensor inputs = first_images(kExplained);
    std::vector<Measurement> out;
    // The single-pass methods take milliseconds on 1,000 images: 10 calls per repetition.
    for (const auto& [method, calls] : std::vector<std::pair<std::string, std::size_t>>{
             {"vanilla-grad", 10}, {"integrated-gradients", 1}, {"smoothgrad", 1}, {"gradcam", 10}, {"agop-weighted", 10}}) {
        const Timing t = time_median([&] {
            for (std::size_t c = 0; c < calls; ++c) (void)explain(method, model, inputs, Targets::predicted(), settings);
        });
        out.push_back(rate_measurement("C2-" + method, method + " on 1,000 CNN8by8 images, predicted class", "images/s",
                                       static_cast<double>(kExplained * calls), t, threads));
    }
    return out;
}

// One epoch of training from a fresh seeded model, with the diagonal-AGOP hook at every
// k-th batch, or without it (k = 0).
void train_one_epoch(const nn::LabelledData& data, std::size_t every_k) {
    nn::Cnn8by8 cnn(kSeed, kClasses);
    nn::Adam adam(cnn.parameters(), nn::AdamOptions{kLearningRate});
    nn::TrainerConfig config;
    config.epochs = 1;
    config.batch_size = 512;
    config.keep_best = false;
    config.quiet = true;
    nn::AgopHookOptions options;
    options.agop.diagonal = true;
    options.every_k_batches = every_k == 0 ? 1 : every_k;
    nn::AgopHook hook(options);
    std::vector<nn::TrainingHook*> hooks;
    if (every_k > 0) hooks.push_back(&hook);
    (void)nn::train_classifier(cnn, adam, data, nullptr, config, hooks);
}

std::vector<Measurement> hook_overhead(int threads) {
    const nn::LabelledData data{images(), random_labels(kImages, kClasses, kSeed)};
    const auto t = time_interleaved({[&] { train_one_epoch(data, 0); }, [&] { train_one_epoch(data, 1); },
                                     [&] { train_one_epoch(data, kRecommendedEveryK); }});
    auto overhead = [&](const std::string& id, const std::string& what, const Timing& hooked) {
        return Measurement{id,
                           "diagonal-AGOP hook " + what + ", one CNN8by8 epoch of 10,000 images, batch 512: " +
                               "extra time over plain training (median_seconds: the hooked epoch)",
                           "overhead %", 100.0 * (hooked.median_seconds / t[0].median_seconds - 1.0),
                           hooked.median_seconds, threads};
    };
    return {seconds_measurement("C3-plain", "one CNN8by8 epoch of 10,000 images, batch 512, Adam, no hook", t[0], threads),
            overhead("C3-every-batch", "at every batch", t[1]),
            overhead("C3-every-" + std::to_string(kRecommendedEveryK),
                     "at every " + std::to_string(kRecommendedEveryK) + "th batch", t[2])};
}

}  // namespace

std::vector<Workload> cnn_workloads() {
    return {
        {"C1", "CNN8by8 training step, batch 64", training_step_rate},
        {"C2", "CNN8by8 attribution methods on 1,000 images", attribution_rates},
        {"C3", "AGOP training-hook overhead, one epoch of 10,000 images", hook_overhead},
    };
}

}  // namespace agop::bench
