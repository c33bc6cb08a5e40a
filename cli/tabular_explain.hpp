#pragma once
// `agop explain --csv ROWS.csv`: raw rows in, named files out. The rows are encoded with the
// preprocessing the checkpoint stores (cli/tabular_metadata.hpp) and the attributions are
// written as data/explanation_files.hpp describes.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "cli/explain_outputs.hpp"
#include "data/explanation_files.hpp"
#include "data/tabular_preprocessing.hpp"
#include "nn/model.hpp"

namespace agop::cli {

struct TabularRows {
    TabularPreprocessing preprocessing;
    EncodedRows rows;
};

// Reads `csv_path` and encodes it with the preprocessing in `metadata`. `unseen` is "error" or
// "zeros". Throws Error naming the checkpoint when it holds no preprocessing (a model not
// trained on a table read from a file), and the errors of encode_new_rows.
TabularRows read_tabular_rows(const nn::Metadata& metadata, const std::string& checkpoint, const std::string& csv_path,
                              const std::string& unseen);

// Everything the named files need, assembled from the pieces of one explain run.
TabularExplanation tabular_explanation(const TabularRows& tabular, const std::string& method,
                                       std::vector<std::pair<std::string, std::string>> settings,
                                       const std::string& model_output, const Predictions& predictions,
                                       const std::vector<int>& explained_class, const Tensor& attributions,
                                       const BaseValues& base_values, const std::string& checkpoint);

// Writes OUT/attributions_<method>.csv and OUT/explanation_<method>.json; returns their paths.
std::vector<std::filesystem::path> write_tabular_explanation(const std::filesystem::path& dir,
                                                             const TabularExplanation& explanation, bool per_column);

}  // namespace agop::cli
