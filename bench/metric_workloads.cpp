// M1-M6: the metrics without ground truth (eval/attribution_scorecard) on the tabular MLP
// d=20 -> 64 -> 64 -> C=3 (untrained, seeded: their cost does not depend on the weights) for
// 500 rows of N(0, I), scoring input-x-gradient attributions at the defaults `agop compare`
// uses: rows per second of each metric (one metric, or a pair sharing its model runs, per
// workload), so that a compare run's cost can be read off per method.

#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/rng.hpp"
#include "bench/workload.hpp"
#include "eval/attribution_scorecard.hpp"
#include "nn/mlp.hpp"

namespace agop::bench {

namespace {

constexpr std::size_t kFeatures = 20, kClasses = 3, kRows = 500;
constexpr std::uint64_t kSeed = 7;

std::vector<Measurement> metric_rate(const std::string& id, const std::vector<std::string>& metrics, int threads) {
    nn::Mlp mlp(kFeatures, kClasses, kSeed);
    const ExplainedModel model = explained_model(mlp);
    ScorecardInputs in;
    in.model = &model;
    in.inputs = Rng(kSeed).normal_tensor({kRows, kFeatures});
    in.targets = predicted_classes(model, in.inputs);
    in.baseline = Tensor::from_shape({kFeatures});
    in.baseline.fill(0.0f);
    in.groups = element_groups(kFeatures);
    in.explain = [&](const Tensor& x, const std::vector<int>& t) {
        return explain("input-x-gradient", model, x, Targets::classes(t), MethodSettings{});
    };
    const Tensor attributions = in.explain(in.inputs, in.targets);
    in.randomised_attributions = attributions;
    const Timing t = time_median([&] { (void)score_attributions(in, attributions, metrics, ScorecardSettings{}); });
    std::string names;
    for (const auto& m : metrics) names += (names.empty() ? "" : " + ") + m;
    return {rate_measurement(
        id,
        names + " of input-x-gradient on " + std::to_string(kRows) + " rows of the MLP 20-64-64-3 (compare's defaults)",
        "rows/s", static_cast<double>(kRows), t, threads)};
}

Workload metric_workload(const std::string& id, std::vector<std::string> metrics) {
    std::string names;
    for (const auto& m : metrics) names += (names.empty() ? "" : " + ") + m;
    return {id, names + " on 500 MLP rows", [id, metrics](int threads) { return metric_rate(id, metrics, threads); }};
}

}  // namespace

std::vector<Workload> metric_workloads() {
    return {metric_workload("M1-deletion-insertion", {"deletion", "insertion"}),
            metric_workload("M2-faithfulness-correlation", {"faithfulness-correlation"}),
            metric_workload("M3-infidelity", {"infidelity"}),
            metric_workload("M4-pgi-pgu", {"pgi", "pgu"}),
            metric_workload("M5-stability", {"max-sensitivity", "ris"}),
            metric_workload("M6-sparseness-complexity", {"sparseness", "complexity"})};
}

}  // namespace agop::bench
