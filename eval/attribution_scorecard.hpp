#pragma once
// Every metric without ground truth on one method's attributions, by name: what `agop compare`,
// `agop evaluate` and the reproduction's tabular study call, so that all three score alike.
//
//   name                       source (see each metric's header)            better
//   deletion                   deletion_insertion.hpp (area)                lower
//   insertion                  deletion_insertion.hpp (area)                higher
//   faithfulness-correlation   faithfulness_correlation.hpp                 higher
//   infidelity                 infidelity.hpp                               lower
//   pgi, pgu                   prediction_gap.hpp                           higher, lower
//   max-sensitivity, ris       explanation_stability.hpp (re-runs method)   lower
//   sparseness, complexity     attribution_complexity.hpp                   higher, lower
//   randomisation              parameter_randomisation.hpp (re-runs method  lower
//                              on a freshly initialised model)

#include <optional>
#include <string>
#include <vector>

#include "attribution/explained_model.hpp"
#include "eval/deletion_insertion.hpp"
#include "eval/explanation_stability.hpp"
#include "eval/faithfulness_correlation.hpp"
#include "eval/infidelity.hpp"
#include "eval/prediction_gap.hpp"

namespace agop {

// All metric names, in the order above.
const std::vector<std::string>& scorecard_metrics();

// Whether a higher value of `metric` is better; throws Error listing the names for an unknown one.
bool higher_is_better(const std::string& metric);

struct ScorecardSettings {
    DeletionInsertionSettings deletion;
    FaithfulnessCorrelationSettings faithfulness;
    InfidelitySettings infidelity;
    PredictionGapSettings prediction_gap;
    StabilitySettings stability;
    std::size_t stability_rows = 0;  // max-sensitivity and RIS on the first rows only (0: all)
};

// What the metrics need besides the attributions. explain re-runs the method (stability);
// randomised_attributions are the method's attributions of the same rows on a randomised
// model (randomisation); either may be empty when those metrics are not asked for.
struct ScorecardInputs {
    const ExplainedModel* model = nullptr;
    Tensor inputs;             // (N, ...)
    std::vector<int> targets;  // (N) the explained output of each row
    Tensor baseline;           // one sample's shape or (N, ...)
    AttributionGroups groups;
    ExplainFunction explain;
    std::optional<Tensor> randomised_attributions;
};

struct ScoredMetric {
    std::string name;
    SampleMean values;  // per row
};

// attributions (N, ...) -> the named metrics, in the order asked; deletion and insertion also
// give "deletion-random" and "insertion-random" (the random-order reference) right after
// them. Throws Error naming a metric that lacks what it needs.
std::vector<ScoredMetric> score_attributions(const ScorecardInputs& inputs, const Tensor& attributions,
                                             const std::vector<std::string>& metrics,
                                             const ScorecardSettings& settings);

// How a metric without ground truth ranks methods against a ground-truth score (higher is
// better): the Spearman correlation across methods of the metric's values, signed so that higher
// is better, with the ground truth's. 1: the same order; −1: reversed. One value per method, in
// the same order; at least 2 methods.
double rank_agreement(const std::string& metric, const std::vector<double>& metric_per_method,
                      const std::vector<double>& truth_per_method);

}  // namespace agop
