#pragma once
// The AGOP-IxG paper's Part 1 results (papers.md §1.8), checked against our summary over seeds.

#include <map>
#include <string>
#include <vector>

#include "experiments/experiment_result.hpp"
#include "eval/summary.hpp"

namespace agop {

// One method on one task, each metric as mean and 95% interval over seeds.
struct TabularMethodSummary {
    MeanInterval spearman, noise_mass, top_k_precision;
    MeanInterval ms_per_sample;      // the explain call alone
    MeanInterval ms_with_agop;       // plus the AGOP computation spread over the explained rows
    MeanInterval speed_up;           // DeepSHAP's ms/sample over this method's, per seed
};

// task name ("linear", "sparse_nonlinear", "interaction") -> method name -> summary
using TabularSummary = std::map<std::string, std::map<std::string, TabularMethodSummary>>;

// Claims on leaders (Spearman, noise mass on every task; top-k on interaction), LIME's single
// win (linear top-k), the sparse-nonlinear comparisons with SHAP, and the 350–1,650x speed-up.
// Leaders are taken among the paper's five methods by mean over seeds. Needs every task with
// at least agop-ixg, deepshap and lime; throws Error naming what is missing. Without
// `timings_measured` (--no-timings) the speed-up claim is listed as not checked.
std::vector<Claim> tabular_claims(const TabularSummary& summary, bool timings_measured = true);

}  // namespace agop
