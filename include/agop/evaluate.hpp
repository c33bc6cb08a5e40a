#pragma once
// agop/evaluate.hpp: scoring attributions on a model without ground truth (Model::evaluate).
//
//   agop::Array a = model.explain("integrated-gradients", x);
//   agop::EvaluateSettings s;
//   s.baseline = mean_row;                      // what "removed" means; empty: zeros
//   s.method = "integrated-gradients";          // max-sensitivity, ris, randomisation re-run it
//   for (const agop::MetricScore& m : model.evaluate({"deletion", "infidelity", "ris"}, x, a, s))
//       std::cout << m.metric << " " << m.mean << " ± " << m.half_width_95 << "\n";
//
// The metrics (formulas and sources in the engine's eval/ headers): deletion, insertion (areas
// under the curves; deletion-random and insertion-random, the random-order reference, come
// with them), faithfulness-correlation, infidelity, pgi, pgu, max-sensitivity, ris,
// sparseness, complexity, randomisation. `agop compare` scores them with the same code.

#include <cstdint>
#include <string>
#include <vector>

#include "agop/array.hpp"
#include "agop/model.hpp"

namespace agop {

struct EvaluateSettings {
    // The class whose output the attributions explain, per row; empty: the predicted class.
    std::vector<int> targets;
    // The output evaluated: the target's logit, or its softmax probability (use what the
    // attributions explain).
    bool probabilities = false;
    // What a removed feature becomes: one sample's shape, or one per row (N, ...); empty: zeros.
    ArrayView baseline;
    // Images: deletion, insertion, faithfulness correlation and PGI/PGU move patch x patch
    // squares across all channels; 1: every element on its own.
    std::size_t patch = 1;
    // The method that made the attributions and its settings: max-sensitivity and ris re-run it
    // on perturbed rows, randomisation on a freshly initialised copy of the model.
    std::string method;
    ExplainSettings method_settings;
    std::uint64_t seed = 0;
};

struct MetricScore {
    std::string metric;
    bool higher_is_better = false;
    double mean = 0.0, half_width_95 = 0.0;  // over rows (Student t)
    std::vector<double> per_row;
};

// Every metric name Model::evaluate accepts, in a fixed order.
std::vector<std::string> evaluation_metrics();

}  // namespace agop
