// R1-R3 of benchmarks.md: ResNet-18 (3x64x64, 10 classes) on seeded N(0, 1) images:
// a training step, an eval-mode forward pass, and IG / vanilla gradient / Grad-CAM.
// bench/pytorch_reference.py runs the same work with the same batch sizes.

#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/conv_winograd.hpp"
#include "autodiff/rng.hpp"
#include "bench/resnet_flops.hpp"
#include "bench/training_step.hpp"
#include "bench/workload.hpp"
#include "nn/resnet18.hpp"

namespace agop::bench {

namespace {

constexpr std::size_t kChannels = 3, kSize = 64, kClasses = 10;
constexpr std::uint64_t kSeed = 13;
// Rows per forward/backward pass when explaining (R3): IG's 16 x 32 interpolated images go
// in eleven passes, holding the tape of one pass (about 5 MB per image) at a time: R3's peak
// memory was 761 MiB with passes of 128 rows (issue 23 asks for at most 400).
constexpr std::size_t kExplainRows = 48;

Tensor random_images(std::size_t count) { return Rng(kSeed).normal_tensor({count, kChannels, kSize, kSize}); }

std::vector<Measurement> training_step_rate(int threads) {
    constexpr std::size_t batch = 32;
    nn::ResNet18 resnet(kChannels, kClasses, kSeed);
    nn::SgdOptions sgd_options;
    sgd_options.lr = 0.01f;
    sgd_options.momentum = 0.9f;
    nn::Sgd sgd(resnet.parameters(), sgd_options);
    const Tensor inputs = random_images(batch);
    const std::vector<int> labels = random_labels(batch, kClasses, kSeed);
    // Training costs about three forward passes: the forward, the input gradients and the
    // weight gradients of every conv and linear layer; one MAC is two FLOPs.
    const double flops = 3.0 * 2.0 * resnet18_forward_macs(kChannels, kSize, kSize, kClasses) * batch;
    const std::string what = "ResNet-18 3x64x64 training step, SGD momentum 0.9, batch 32";
    std::vector<Measurement> out;
    // The default 3x3 algorithm as R1, then the other in the same run (its FLOPs counted as
    // the direct convolution's): R1-winograd.
    const Conv3x3Algorithm default_algorithm = conv3x3_algorithm();
    for (Conv3x3Algorithm algorithm : {default_algorithm, Conv3x3Algorithm::winograd}) {
        if (algorithm == Conv3x3Algorithm::winograd && default_algorithm == algorithm) continue;
        set_conv3x3_algorithm(algorithm);
        const Timing t = time_median([&] { training_step(resnet, sgd, inputs, labels); });
        const std::string id = algorithm == default_algorithm ? "R1" : "R1-winograd";
        const std::string how = algorithm == default_algorithm ? "" : ", 3x3 stride-1 layers by Winograd F(2x2,3x3)";
        out.push_back(rate_measurement(id, what + how, "images/s", static_cast<double>(batch), t, threads));
        out.push_back({id + "-gflops", what + how + " (3 x forward conv+linear MACs x 2)", "GFLOP/s",
                       flops / t.median_seconds * 1e-9, t.median_seconds, threads});
    }
    set_conv3x3_algorithm(default_algorithm);
    return out;
}

std::vector<Measurement> forward_rate(int threads) {
    constexpr std::size_t batch = 64;
    nn::ResNet18 resnet(kChannels, kClasses, kSeed);
    const Tensor inputs = random_images(batch);
    const Timing t = time_median([&] { (void)resnet.predict(inputs, batch); });
    return {rate_measurement("R2", "ResNet-18 3x64x64 forward, eval mode, no tape, batch 64", "images/s",
                             static_cast<double>(batch), t, threads)};
}

std::vector<Measurement> attribution_rates(int threads) {
    constexpr std::size_t count = 16;
    nn::ResNet18 resnet(kChannels, kClasses, kSeed);
    const ExplainedModel model = explained_model(resnet, kExplainRows);
    const Tensor inputs = random_images(count);
    MethodSettings settings;
    settings.integrated_gradients.steps = 32;
    settings.gradcam.layer = "layer4";
    std::vector<Measurement> out;
    for (const std::string method : {"integrated-gradients", "vanilla-grad", "gradcam"}) {
        const Timing t = time_median([&] { (void)explain(method, model, inputs, Targets::predicted(), settings); });
        out.push_back(rate_measurement("R3-" + method, method + " on 16 ResNet-18 3x64x64 images, predicted class",
                                       "images/s", static_cast<double>(count), t, threads));
    }
    return out;
}

}  // namespace

std::vector<Workload> resnet_workloads() {
    return {
        {"R1", "ResNet-18 training step, batch 32", training_step_rate},
        {"R2", "ResNet-18 forward, eval mode, batch 64", forward_rate},
        {"R3", "ResNet-18 IG (32 steps), vanilla gradient, Grad-CAM on 16 images", attribution_rates},
    };
}

}  // namespace agop::bench
