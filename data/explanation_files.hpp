#pragma once
// The files `agop explain` writes for tabular rows, named for people rather than for numpy:
//
//   attributions_<method>.csv  one row per explained row: line (in the input file),
//       predicted_class, probability (of the predicted class), explained_class (regression:
//       predicted_value), then one column per original feature (a one-hot group's columns
//       summed), optionally one column per encoded column ("feature=category"), and, when the
//       encoding imputes missing cells, a column imputed (the imputed cells' columns, joined by ';').
//   explanation_<method>.json  shap.Explanation's fields (values (n, F), base_values (n),
//       data (n, F): numbers for numeric features, strings for categories, feature_names,
//       output_names) plus method, settings, model_output, base_values_meaning,
//       model_checksum, agop_version, lines, predicted_class, probability, explained_class
//       (regression: predicted_value), imputed (when the encoding imputes), column_names and
//       column_values (n, p).
//
// Numbers are written with 9 significant digits (float32 reads back exactly); a non-finite
// value is written as an empty CSV cell and as JSON null.

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

// A setting as the method read it: a whole number, a real number or a word.
using SettingValue = std::variant<std::uint64_t, double, std::string>;

struct TabularExplanation {
    std::string method;
    std::vector<std::pair<std::string, SettingValue>> settings;
    std::string model_output;         // the attributed output: "logit", "probability" or "value"
    std::string base_values_meaning;  // what base_values are for this method
    std::string model_checksum;       // e.g. "fnv1a64:..." of the checkpoint file
    std::string agop_version;

    std::vector<std::string> feature_names;   // (F)
    std::vector<bool> numeric_features;       // (F)
    std::vector<std::string> column_names;    // (p)
    std::vector<std::size_t> feature_groups;  // (p) column -> feature
    std::vector<std::string> class_names;     // (C) classification; (1) the target column for regression
    bool regression = false;

    std::vector<std::size_t> lines;                 // (n)
    std::vector<std::vector<std::string>> data;     // (n, F) raw cells
    std::vector<std::vector<std::string>> imputed;  // (n) imputed cells' columns; empty: the encoding imputes none
    std::vector<int> predicted_class;               // (n) classification
    std::vector<float> probability;                 // (n) of the predicted class
    std::vector<int> explained_class;               // (n)
    std::vector<float> predicted_value;             // (n) regression
    Tensor attributions;                            // (n, p) per encoded column
    std::vector<double> base_values;                // (n)

    // Derived once by complete_tabular_explanation, read by every writer:
    Tensor values;                     // (n, F) attributions with each feature's columns summed
    std::vector<double> cell_numbers;  // (n, F) numeric cells parsed; NaN for categories and non-numbers
};

// `s` as one CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line end.
std::string csv_field(const std::string& s);
// `s` as one CSV field, always quoted (quotes doubled).
std::string csv_quoted(const std::string& s);

// (n, p) column attributions -> (n, features): each feature's columns summed.
// Throws Error when a group index is >= features or the sizes disagree.
Tensor sum_feature_groups(const Tensor& column_attributions, const std::vector<std::size_t>& groups,
                          std::size_t features);

// Throws Error unless every per-row and per-column list has the sizes the attributions imply
// and every class index names a class.
void check_tabular_explanation(const TabularExplanation& explanation);

// Checks `explanation` and fills its derived fields (values, cell_numbers): the writers below
// and the figures take an explanation this has completed.
void complete_tabular_explanation(TabularExplanation& explanation);

std::string attributions_csv(const TabularExplanation& explanation, bool per_column);
// Its first line (the column names), which depends on no row.
std::string attributions_csv_header(const TabularExplanation& explanation, bool per_column);
std::string explanation_json(const TabularExplanation& explanation);

// The explanation file written a block of rows at a time (explain/streamed_outputs.hpp): its
// per-row lists (values, base_values, data, lines, the outcomes, imputed, column_values) are
// gathered block by block, and write_explanation_json lays the file out around them.
// The number of per-row lists of `explanation`'s kind (regression, imputing or not).
std::size_t explanation_json_row_lists(const TabularExplanation& explanation);
// Each per-row list's entries for the rows of `explanation`; `first_rows`: they begin the
// file's rows (no comma before the first entry).
std::vector<std::string> explanation_json_rows(const TabularExplanation& explanation, bool first_rows);
// The whole file, with `write_rows(i)` writing list i's entries where they go; only the fields
// of `explanation` that are not per-row are read (and whether it imputes: imputed non-empty).
void write_explanation_json(std::ostream& out, const TabularExplanation& explanation,
                            const std::function<void(std::size_t list)>& write_rows);

}  // namespace agop
