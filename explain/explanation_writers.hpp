#pragma once
// The files of an explanation besides the attributions' .npy: predictions_<method>.csv for
// every run, and for raw CSV rows the named files of data/explanation_files.hpp (and, with
// figures, explain/tabular_figures.hpp).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "data/explanation_files.hpp"
#include "explain/explanation_pipeline.hpp"

namespace agop {

// Classification: "sample,predicted_class,probability,explained_class" rows for (N) samples,
// class names from `class_names` when given, else the class index. Regression:
// "sample,predicted_value" rows.
std::string predictions_csv(const Predictions& predictions, const std::vector<int>& explained_output,
                            const std::vector<std::string>& class_names);

// The same in pieces, for a file written a block at a time: the header line, and the rows of
// samples first_sample.. (numbered from it).
std::string predictions_csv_header(bool regression);
std::string predictions_csv_rows(const Predictions& predictions, const std::vector<int>& explained_output,
                                 const std::vector<std::string>& class_names, std::size_t first_sample);

// The fields of a tabular explanation that no row changes (method, settings, names, checksum).
TabularExplanation tabular_explanation_fields(const TabularPreprocessing& preprocessing, bool regression,
                                              const PreparedMethod& prepared,
                                              std::vector<std::pair<std::string, SettingValue>> settings,
                                              const std::string& base_values_meaning, const std::string& checkpoint);
// `fields` with the rows `raw`, their results and attributions (n, p), checked and completed.
TabularExplanation tabular_rows(TabularExplanation fields, const EncodedRows& raw, const ExplanationResults& results,
                                const Tensor& attributions);

// The named explanation of raw rows `data` (data.raw and data.preprocessing set), checked and
// completed (complete_tabular_explanation): one place where sizes are checked and the
// features' sums and the numeric cells computed for every writer.
TabularExplanation tabular_explanation(const ExplainData& data, const PreparedMethod& prepared,
                                       std::vector<std::pair<std::string, SettingValue>> settings,
                                       const ExplanationResults& results, const Tensor& attributions,
                                       const std::string& checkpoint);

// Writes OUT/attributions_<method>.csv and OUT/explanation_<method>.json; returns their paths.
std::vector<std::filesystem::path> write_tabular_explanation(const std::filesystem::path& dir,
                                                             const TabularExplanation& explanation, bool per_column);

}  // namespace agop
