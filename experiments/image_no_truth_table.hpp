#pragma once
// The table of issue 21's finding on XAI-TRIS: how well each metric without ground truth
// (experiments/image_no_truth.hpp) ranks the image methods as a ground-truth score does.
//
// For each seed of a setting, ρ = rank_agreement (eval/attribution_scorecard.hpp): the Spearman
// correlation across methods between the metric (signed so that higher is better) and the
// ground-truth score, mIoU, the EMD score or the pointing game (higher is better). A seed whose
// ground truth gives every method the same value has no ranking to agree with and is left out.

#include <map>
#include <string>
#include <vector>

#include "experiments/image_xai_tris_tables.hpp"

namespace agop {

// The ground-truth scores the metrics are held against: "mIoU", "EMD score", "pointing game".
const std::vector<std::string>& image_truth_scores();

// Setting `setting`'s per-seed ρ of every metric with the ground-truth score `truth` (one of
// image_truth_scores), over the methods a seed has both scores for. -> metric -> per-seed ρ.
std::map<std::string, std::vector<double>> no_truth_agreement(const XaiTrisResults& results, std::size_t setting,
                                                              const std::string& truth);

// Table "xai_tris_no_truth_agreement": per setting and metric, ρ with each ground-truth score,
// mean ± 95% interval over seeds, each setting's accuracy and its learned / near-chance word; then
// the seeds of every learned setting pooled; its last note says what the pooled rows show. Near-chance
// settings are listed but left out of the pooled rows and the verdict. No table (nullopt-like: an
// empty id) when no run scored the metrics.
Table no_truth_agreement_table(const XaiTrisResults& results, const ImageExperimentSizes& sizes);

}  // namespace agop
