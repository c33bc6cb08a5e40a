#pragma once
// How large the synthetic tabular experiment runs: the full sizes of papers.md Part A, the
// `--quick` smoke-test sizes, or any smaller ones a test chooses.

#include <cstddef>

#include "eval/tabular_training.hpp"
#include "experiments/experiment_result.hpp"
#include "experiments/tabular_method_settings.hpp"

namespace agop {

struct TabularExperimentSizes {
    std::size_t samples = 10000;            // N generated per task (80/20 train/test split)
    std::size_t max_seeds = 0;              // cap on ReproduceOptions::seeds; 0: no cap
    std::size_t explained_samples = 1000;   // test rows explained by every method
    std::size_t kernelshap_samples = 100;   // the first rows of those that KernelSHAP explains (its cost)
    std::size_t sanity_samples = 200;       // rows of the model-randomisation check
    std::size_t no_truth_samples = 200;     // first explained rows the metrics without ground truth score
    std::size_t stability_samples = 20;     // of those, the rows max-sensitivity and RIS re-explain (5 draws each)
    TabularMethodSizes methods;             // background rows, LIME samples, IG steps (zero baseline), rule (Part A)
    bool k_sweep_and_sanity = true;         // the K sweep and the randomisation check (seed 0)
    TabularTrainingConfig training;         // d -> 64 -> 64 -> C, 50 epochs, patience 5 (cheap: quick too)

    static TabularExperimentSizes full() { return {}; }
    static TabularExperimentSizes quick() {
        TabularExperimentSizes sizes;
        sizes.samples = 2000;
        sizes.max_seeds = 2;
        sizes.explained_samples = 100;
        sizes.kernelshap_samples = 3;
        sizes.sanity_samples = 50;
        sizes.no_truth_samples = 30;
        sizes.stability_samples = 5;
        sizes.methods.lime_samples = 1000;
        return sizes;
    }
};

// The sizes of a tabular experiment (TabularExperimentSizes, or ROAR's RoarExperimentSizes) for
// `options`: --quick's or the full ones, with --epochs and --ig-rule applied.
template <class Sizes>
Sizes tabular_sizes_for(const ReproduceOptions& options) {
    Sizes sizes = options.quick ? Sizes::quick() : Sizes::full();
    if (options.epochs > 0) sizes.training.epochs = options.epochs;
    if (!options.ig_rule.empty()) sizes.methods.ig_rule = parse_integration_rule(options.ig_rule, "--ig-rule");
    return sizes;
}

}  // namespace agop
