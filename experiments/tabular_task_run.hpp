#pragma once
// One synthetic task at one seed: generate the data, train the MLP, compute its AGOP on the
// training rows, explain test rows with every method for the predicted class, and score each
// method against the exact Shapley ground truth of that class.

#include <cstdint>
#include <string>
#include <vector>

#include "attribution/method_registry.hpp"
#include "data/synthetic_tabular.hpp"
#include "experiments/tabular_experiment_sizes.hpp"

namespace agop {

// The methods of Part 1: the paper's five first, then KernelSHAP (on a subset of rows), the
// AGOP-filtered gradient (ablation) and the random reference.
const std::vector<std::string>& tabular_paper_methods();
const std::vector<std::string>& tabular_methods();

struct TabularMethodScores {
    std::string method;
    std::size_t samples = 0;      // rows it explained
    double spearman = 0.0;        // |a| vs |φ|, mean over rows
    double noise_mass = 0.0;      // mean share of |a| on noise features
    double top_k_precision = 0.0; // k = number of relevant features
    double ms_per_sample = 0.0;   // wall time of the explain call / rows
    Tensor mean_abs_attribution;  // (d) mean |a| over its rows
    // The metrics without ground truth (eval/attribution_scorecard, all but randomisation) on
    // the first sizes.no_truth_samples of its rows: name -> mean over those rows.
    std::vector<std::pair<std::string, double>> no_truth;
};

struct TabularTaskRun {
    SyntheticTabularData data;
    TrainedTabularModel trained;
    double test_accuracy = 0.0;
    double training_seconds = 0.0;
    Tensor agop;                   // (d, d) on the training rows, all logits
    double agop_seconds = 0.0;
    std::size_t agop_rank = 0;     // K holding 95% of trace(M)
    Tensor explained_inputs;       // (n, d) the first n test rows
    std::vector<int> targets;      // (n) the trained model's predicted classes
    Tensor ground_truth;           // (n, d) φ of each row's predicted class
    Tensor relevant_mask;          // (d) informative features (interaction task: interacting ones)
    Tensor noise_mask;             // (d)
    Tensor mean_abs_ground_truth;  // (d)
    std::vector<TabularMethodScores> methods;  // in tabular_methods() order
};

// Runs `task` with data seed `seed` (the generator, the training and every seeded method
// derive their streams from it).
TabularTaskRun run_tabular_task(SyntheticTask task, const TabularExperimentSizes& sizes, std::uint64_t seed);

// The settings every method gets for a model with AGOP `agop` (d, d) trained on training_inputs (N, d).
MethodSettings tabular_method_settings(const Tensor& agop, const Tensor& training_inputs,
                                       const TabularExperimentSizes& sizes, std::uint64_t seed);

// The rows a method explains: every explained row, or the first kernelshap_samples for KernelSHAP.
std::size_t rows_explained_by(const std::string& method, const TabularExperimentSizes& sizes, std::size_t available);

}  // namespace agop
