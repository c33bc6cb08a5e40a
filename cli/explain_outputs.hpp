#pragma once
// What `agop explain` writes besides the attribution .npy: the predicted class and its
// probability for every sample, the base values of each method, and for raw CSV rows the
// named files of data/explanation_files.hpp.

#include <filesystem>
#include <string>
#include <vector>

#include "attribution/method_registry.hpp"
#include "data/tabular_preprocessing.hpp"

namespace agop::cli {

struct Predictions {
    std::vector<int> predicted_class;  // (N) argmax of the logits
    std::vector<float> probability;    // (N) softmax probability of that class; a regression's value
};

// One forward pass over inputs (N, ...) of the model (its logits, not a wrapped output); a
// regression model's class is 0 and its "probability" the predicted value.
Predictions predict(const ExplainedModel& model, const Tensor& inputs, bool regression = false);

struct BaseValues {
    std::vector<double> values;  // (N) in the explained output; NaN where the method has none
    std::string meaning;
};

// The reference output each attribution is measured against, of `explained_model` (already
// the logit or probability model that was explained) for each sample's explained class:
//   integrated-gradients, occlusion: the output at the baseline;
//   deepshap, kernelshap: the mean output over the background rows (shap's expected_value);
//   input-x-gradient, agop-ixg: the output at the all-zero input, the point x ⊙ g expands around;
//   every other method: none (its values are not contributions that add up to an output).
BaseValues method_base_values(const std::string& method, const ExplainedModel& explained_model, const Tensor& inputs,
                              const std::vector<int>& explained_class, const MethodSettings& settings);

// "sample,predicted_class,probability,explained_class" rows for (N) samples; class names from
// `class_names` when given, else the class index.
std::string predictions_csv(const Predictions& predictions, const std::vector<int>& explained_class,
                            const std::vector<std::string>& class_names);

}  // namespace agop::cli
