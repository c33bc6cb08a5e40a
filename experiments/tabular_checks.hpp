#pragma once
// Two studies on a finished task run (tabular_task_run.hpp) that the paper does not show:
// AGOP-IxG across every truncation rank K, and the model-randomisation sanity check
// (Adebayo et al. 2018): an attribution that barely changes when the trained weights are
// replaced by fresh random ones does not explain the model.

#include <string>
#include <vector>

#include "experiments/tabular_task_run.hpp"

namespace agop {

struct KSweepPoint {
    std::size_t rank = 0;          // K
    double energy_share = 0.0;     // (λ_1 + ... + λ_K) / trace(M)
    double spearman = 0.0;
    double top_k_precision = 0.0;
};

// AGOP-IxG with K = 1..d on the run's explained rows -> d points.
std::vector<KSweepPoint> agop_rank_sweep(const TabularTaskRun& run);

struct SanityScore {
    std::string method;
    std::size_t samples = 0;
    double spearman_trained_vs_random = 0.0;  // mean over rows of Spearman(|a_trained|, |a_random model|)
};

// Every method of tabular_methods() but KernelSHAP on the first sizes.sanity_samples explained rows,
// for the same targets, with the trained model and with a freshly
// initialised one of the same architecture (the AGOP methods get the fresh model's own AGOP).
std::vector<SanityScore> model_randomisation_check(TabularTaskRun& run, const TabularExperimentSizes& sizes,
                                                   std::uint64_t seed);

}  // namespace agop
