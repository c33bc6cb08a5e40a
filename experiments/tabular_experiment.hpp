#pragma once
// Part 1 of the AGOP-IxG paper: the three synthetic tabular tasks (papers.md Part A and
// §1.4–1.8). For each task and seed: data, MLP, post-hoc AGOP, every attribution method on
// test rows for the predicted class, scored against exact Shapley values.
//
// Returns (name "tabular"):
//   tables   tabular_part1 (task x method: Spearman, noise mass, top-k precision, ms/sample,
//            speed-up vs DeepSHAP, published numbers; mean ± 95% interval over seeds),
//            tabular_k_sweep (AGOP-IxG for K = 1..d, seed 0), tabular_sanity (model randomisation, seed 0)
//   figures  tabular_<task>_mean_attribution.png (mean |a| per feature, methods beside |φ|),
//            tabular_k_sweep.png
//   claims   tabular_claims.hpp

#include "experiments/experiment_result.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/tabular_experiment_sizes.hpp"

namespace agop {

// The experiment as units (experiment_units.hpp), one per task and seed:
// "tabular/<task>/seed-<r>", tasks in the order linear, sparse_nonlinear, interaction. Seed 0's
// units also run the K sweep and the randomisation check. Sizes from options.quick
// (TabularExperimentSizes::quick() or full()) unless given.
ExperimentUnits tabular_experiment_units(const ReproduceOptions& options, const TabularExperimentSizes& sizes);

// Every unit, then the assembly (run_every_unit).
ExperimentResult run_tabular_experiment(const ReproduceOptions& options, const TabularExperimentSizes& sizes);

}  // namespace agop
