#include "experiments/tabular_method_settings.hpp"

#include "attribution/baseline.hpp"
#include "attribution/lime.hpp"
#include "autodiff/rng.hpp"

namespace agop {

MethodSettings tabular_method_settings(const Tensor& agop, const Tensor& training_inputs,
                                       const TabularMethodSizes& sizes, std::uint64_t seed,
                                       const MethodSeedStreams& streams) {
    MethodSettings settings;
    settings.agop.matrix = agop;
    settings.integrated_gradients.steps = sizes.ig_steps;
    settings.integrated_gradients.rule = sizes.ig_rule;
    const Tensor background =
        sample_background(training_inputs, sizes.background_rows, Rng::stream(seed, streams.background).next_u64());
    settings.deepshap.background = background;
    settings.kernelshap.background = background;
    settings.kernelshap.seed = Rng::stream(seed, streams.kernelshap).next_u64();
    const FeatureStatistics statistics = feature_statistics(training_inputs);
    settings.lime.feature_mean = statistics.mean;
    settings.lime.feature_std = statistics.std;
    settings.lime.samples = sizes.lime_samples;
    settings.lime.seed = Rng::stream(seed, streams.lime).next_u64();
    settings.random.seed = Rng::stream(seed, streams.random).next_u64();
    return settings;
}

}  // namespace agop
