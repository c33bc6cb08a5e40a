#include "eval/attribution_scorecard.hpp"

#include <algorithm>
#include <xtensor/xview.hpp>

#include "autodiff/error.hpp"
#include "eval/attribution_complexity.hpp"
#include "eval/parameter_randomisation.hpp"
#include "eval/ranking.hpp"

namespace agop {

namespace {

struct MetricInfo {
    const char* name;
    bool higher_better;
};

const std::vector<MetricInfo>& metric_infos() {
    static const std::vector<MetricInfo> infos{{"deletion", false},
                                               {"insertion", true},
                                               {"faithfulness-correlation", true},
                                               {"infidelity", false},
                                               {"pgi", true},
                                               {"pgu", false},
                                               {"max-sensitivity", false},
                                               {"ris", false},
                                               {"sparseness", true},
                                               {"complexity", false},
                                               {"randomisation", false},
                                               {"deletion-random", false},
                                               {"insertion-random", true}};
    return infos;
}

}  // namespace

const std::vector<std::string>& scorecard_metrics() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const MetricInfo& info : metric_infos())
            if (std::string(info.name).find("-random") == std::string::npos) out.push_back(info.name);
        return out;
    }();
    return names;
}

bool higher_is_better(const std::string& metric) {
    for (const MetricInfo& info : metric_infos())
        if (metric == info.name) return info.higher_better;
    std::string known;
    for (const std::string& name : scorecard_metrics()) known += (known.empty() ? "" : ", ") + name;
    throw Error("metric " + metric + ": unknown; expected one of " + known);
}

std::vector<ScoredMetric> score_attributions(const ScorecardInputs& in, const Tensor& attributions,
                                             const std::vector<std::string>& metrics,
                                             const ScorecardSettings& settings) {
    for (const std::string& m : metrics) higher_is_better(m);
    if (!in.model) throw Error("score_attributions: no model");
    std::vector<ScoredMetric> out;
    std::optional<DeletionInsertionScores> curves;
    std::optional<PredictionGaps> gaps;
    std::optional<StabilityScores> stability;
    for (const std::string& m : metrics) {
        if (m == "deletion" || m == "insertion") {
            if (!curves)
                curves = deletion_insertion(*in.model, in.inputs, in.targets, attributions, in.baseline, in.groups,
                                            settings.deletion);
            out.push_back({m, m == "deletion" ? curves->deletion : curves->insertion});
            out.push_back({m + "-random", m == "deletion" ? curves->deletion_random : curves->insertion_random});
        } else if (m == "faithfulness-correlation") {
            out.push_back({m, faithfulness_correlation(*in.model, in.inputs, in.targets, attributions, in.baseline,
                                                       in.groups, settings.faithfulness)});
        } else if (m == "infidelity") {
            out.push_back({m, infidelity(*in.model, in.inputs, in.targets, attributions, settings.infidelity)});
        } else if (m == "pgi" || m == "pgu") {
            if (!gaps)
                gaps =
                    prediction_gaps(*in.model, in.inputs, in.targets, attributions, in.groups, settings.prediction_gap);
            out.push_back({m, m == "pgi" ? gaps->important : gaps->unimportant});
        } else if (m == "max-sensitivity" || m == "ris") {
            if (!in.explain) throw Error("metric " + m + ": needs the method to re-run it on perturbed inputs");
            if (!stability) {
                const std::size_t n = in.inputs.shape()[0];
                const std::size_t rows = settings.stability_rows == 0 ? n : std::min(n, settings.stability_rows);
                const auto first = [rows](const Tensor& t) { return Tensor(xt::view(t, xt::range(0, rows))); };
                stability = explanation_stability(*in.model, in.explain, first(in.inputs),
                                                  std::vector<int>(in.targets.begin(), in.targets.begin() + rows),
                                                  first(attributions), settings.stability);
            }
            out.push_back({m, m == "ris" ? stability->relative_input_stability : stability->max_sensitivity});
        } else if (m == "sparseness") {
            out.push_back({m, sparseness(attributions)});
        } else if (m == "complexity") {
            out.push_back({m, complexity(attributions)});
        } else if (m == "randomisation") {
            if (!in.randomised_attributions)
                throw Error("metric randomisation: needs the method's attributions on a randomised model");
            out.push_back({m, randomisation_similarity(attributions, *in.randomised_attributions)});
        } else {
            throw Error("metric " + m + ": not a metric without ground truth");
        }
    }
    return out;
}

double rank_agreement(const std::string& metric, const std::vector<double>& metric_per_method,
                      const std::vector<double>& truth_per_method) {
    const double sign = higher_is_better(metric) ? 1.0 : -1.0;
    if (metric_per_method.size() != truth_per_method.size() || metric_per_method.size() < 2)
        throw Error("rank agreement of " + metric + ": needs one value per method for at least 2 methods");
    std::vector<double> signed_values;
    for (double v : metric_per_method) signed_values.push_back(sign * v);
    return pearson(average_ranks(signed_values), average_ranks(truth_per_method));
}

}  // namespace agop
