#pragma once
// The explanation pipeline: rows in, per-feature results out, one way.
//
//   raw rows (CSV)  --encode_raw_rows-->  ExplainData: encoded inputs (N, p), lines, raw cells, imputed cells
//   ExplainSettings --prepare_method--->  PreparedMethod: the registry's method and its MethodSettings
//   explain_rows_in_blocks (explain/row_blocks.hpp)  -->  attributions (N, ...)
//   explanation_results  -->  predictions, the explained output of each row, base values
//   writers (explain/explanation_writers.hpp)  -->  .npy, predictions CSV, named CSV and JSON, figures
//
// `agop explain` parses its options and calls these; `agop merge` calls them with the
// attributions of the parts in place of explain_rows_in_blocks. Per-method facts (base values,
// default output, background, AGOP) come from the method registry.
//
// A regression checkpoint (metadata "task" = "regression": one output, already in the target's
// units) is explained at output 0 for every row; its results carry the predicted value where a
// classifier's carry the predicted class and its probability.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attribution/method_registry.hpp"
#include "data/tabular_preprocessing.hpp"
#include "explain/explain_settings.hpp"
#include "nn/model.hpp"

namespace agop {

// Whether `metadata` marks a regression model ("task": "regression"); anything else but
// "classification" or absence is refused, naming `checkpoint`.
bool is_regression(const nn::Metadata& metadata, const std::string& checkpoint);

struct ExplainData {
    std::optional<TabularPreprocessing> preprocessing;  // stored in the checkpoint; none for other models
    bool regression = false;
    Tensor inputs;                   // (N, ...) encoded rows or samples
    std::optional<EncodedRows> raw;  // raw CSV rows: lines, cells, imputed (their inputs moved to `inputs`)
};

// Reads the CSV at `path` and encodes it with `preprocessing`; `unseen` is "error", "zeros" or "most-frequent".
// Throws the errors of encode_new_rows (naming file, line, column and value).
ExplainData encode_raw_rows(const TabularPreprocessing& preprocessing, const std::string& path,
                            const std::string& unseen);

// What the method's settings are built from besides ExplainSettings.
struct MethodData {
    std::uint64_t seed = 0;
    const Tensor* agop = nullptr;  // the checkpoint's AGOP (the method's AgopUse is not none)
    bool agop_diagonal = false;    // agop is diag(M) in the sample's shape (images)
    std::string checkpoint;        // names the checkpoint in errors
    const TabularPreprocessing* preprocessing = nullptr;
    bool raw_rows = false;   // KernelSHAP's players are then the original features
    std::string background;  // path of the background rows (.npy); empty: none
    bool regression = false;
};

struct PreparedMethod {
    const Method* method = nullptr;
    std::string model_output;  // "logit", "probability" or (regression) "value"
    MethodSettings settings;
};

// The method of `settings`, its output resolved and its settings filled. Throws Error naming
// the option at fault: a method that needs --background without one, a full AGOP where the
// checkpoint stores its diagonal, a training-mean baseline without statistics, probabilities
// of a regression model.
PreparedMethod prepare_method(const ExplainSettings& settings, const MethodData& data);

// The model's logits, and the output the method explains (the logits, or their softmax).
struct ExplainedModels {
    ExplainedModel logits;
    ExplainedModel explained;
};
ExplainedModels explained_models(nn::Model& model, const std::string& model_output);

struct Predictions {
    std::vector<int> predicted_class;    // (N) argmax of the logits (classification)
    std::vector<float> probability;      // (N) its softmax probability (classification)
    std::vector<float> predicted_value;  // (N) output 0 (regression)
};

// One forward pass over inputs (N, ...) of the model's logits. Regression: a model of one output.
Predictions predict(const ExplainedModel& logits, const Tensor& inputs, bool regression);

struct BaseValues {
    std::vector<double> values;  // (N) in the explained output; NaN where the method has none
    std::string meaning;
};

// The mean explained output over the method's reference rows (its ReferenceOutput) for each
// row's explained output; NaN and "none: ..." for a method without one.
BaseValues method_base_values(const Method& method, const ExplainedModel& explained, const Shape& batch_shape,
                              const std::vector<int>& explained_output, const MethodSettings& settings);

// The targets the method explains: output 0 of every row for regression, else the given
// classes (N), or the predicted ones when `classes` is empty.
Targets explained_targets(const std::vector<int>& classes, std::size_t rows, bool regression);

// Everything the writers need besides the attributions.
struct ExplanationResults {
    Predictions predictions;
    std::vector<int> explained_output;  // (N) the class explained, 0 for regression
    BaseValues base_values;
};
ExplanationResults explanation_results(const PreparedMethod& prepared, const ExplainedModels& models,
                                       const Tensor& inputs, const Targets& targets, bool regression);

}  // namespace agop
