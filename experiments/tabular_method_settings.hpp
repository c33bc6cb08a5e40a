#pragma once
// The settings every attribution method gets in the tabular experiments (synthetic tasks and
// ROAR): the AGOP, Integrated Gradients' steps and rule, a background sampled from the
// training rows for DeepSHAP and KernelSHAP, LIME's feature statistics, and each seeded
// method's own random stream.

#include <cstddef>
#include <cstdint>

#include "attribution/integrated_gradients.hpp"
#include "attribution/method_registry.hpp"

namespace agop {

struct TabularMethodSizes {
    std::size_t background_rows = 100;  // DeepSHAP and KernelSHAP background rows
    std::size_t lime_samples = 5000;    // LIME perturbations per row
    std::size_t ig_steps = 50;          // Integrated Gradients steps
    IntegrationRule ig_rule = IntegrationRule::gauss_legendre;  // Captum's default
};

// Which Rng::stream(seed, id) each seeded draw uses; an experiment keeps its own ids so that its
// results stay those of its published runs.
struct MethodSeedStreams {
    std::uint64_t background = 0;
    std::uint64_t kernelshap = 0;
    std::uint64_t lime = 0;
    std::uint64_t random = 0;
};

// agop (d, d), training_inputs (N, d) -> the settings of every method for a model trained on them.
MethodSettings tabular_method_settings(const Tensor& agop, const Tensor& training_inputs,
                                       const TabularMethodSizes& sizes, std::uint64_t seed,
                                       const MethodSeedStreams& streams);

}  // namespace agop
