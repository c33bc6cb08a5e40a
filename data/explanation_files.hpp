#pragma once
// The files `agop explain` writes for tabular rows, named for people rather than for numpy:
//
//   attributions_<method>.csv  one row per explained row: line (in the input file),
//       predicted_class, probability (of the predicted class), explained_class, then one
//       column per original feature (a one-hot group's columns summed), optionally followed by
//       one column per encoded column ("feature=category").
//   explanation_<method>.json  shap.Explanation's fields (values (n, F), base_values (n),
//       data (n, F): numbers for numeric features, strings for categories, feature_names,
//       output_names) plus method, settings, model_output, base_values_meaning,
//       model_checksum, agop_version, lines, predicted_class, probability, explained_class,
//       column_names and column_values (n, p).
//
// Numbers are written with 9 significant digits (float32 reads back exactly); a non-finite
// value is written as an empty CSV cell and as JSON null.

#include <string>
#include <utility>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

struct TabularExplanation {
    std::string method;
    std::vector<std::pair<std::string, std::string>> settings;  // name -> value (a number stays a number)
    std::string model_output;                                   // the attributed output: "logit" or "probability"
    std::string base_values_meaning;                            // what base_values are for this method
    std::string model_checksum;                                 // e.g. "fnv1a64:..." of the checkpoint file
    std::string agop_version;

    std::vector<std::string> feature_names;   // (F)
    std::vector<bool> numeric_features;       // (F)
    std::vector<std::string> column_names;    // (p)
    std::vector<std::size_t> feature_groups;  // (p) column -> feature
    std::vector<std::string> class_names;     // (C)

    std::vector<std::size_t> lines;              // (n)
    std::vector<std::vector<std::string>> data;  // (n, F) raw cells
    std::vector<int> predicted_class;            // (n)
    std::vector<float> probability;              // (n) of the predicted class; a regression's predicted value
    std::vector<int> explained_class;            // (n)
    Tensor attributions;                         // (n, p) per encoded column
    std::vector<double> base_values;             // (n)
    // A regression model: one output, class_names = {the target}; files write
    // `predicted_value` (from `probability`) where classifiers write class and probability.
    bool regression = false;
    // (n) per row, the names of the features whose missing cells were imputed; empty: no
    // `imputed` column or field (a model trained with --missing refuse).
    std::vector<std::vector<std::string>> imputed;
};

// (n, p) column attributions -> (n, features): each feature's columns summed.
// Throws Error when a group index is >= features or the sizes disagree.
Tensor sum_feature_groups(const Tensor& column_attributions, const std::vector<std::size_t>& groups,
                          std::size_t features);

// Throws Error unless every per-row and per-column list has the sizes the attributions imply
// and every class index names a class.
void check_tabular_explanation(const TabularExplanation& explanation);

std::string attributions_csv(const TabularExplanation& explanation, bool per_column);
std::string explanation_json(const TabularExplanation& explanation);

}  // namespace agop
