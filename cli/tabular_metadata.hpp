#pragma once
// The tabular preprocessing (data/tabular_preprocessing.hpp) in a checkpoint's metadata:
// one key, "tabular_preprocessing", whose string value is a JSON object
//   {"target_column": "...", "ignored_columns": [...], "features": [{"name": "age",
//    "categories": []}, ...], "class_names": [...], "centre": [...], "scale": [...],
//    "encoded_mean": [...], "encoded_std": [...]}
// (doubles written with enough digits to read back the same bits).

#include <optional>
#include <string>

#include "data/tabular_preprocessing.hpp"
#include "nn/model.hpp"

namespace agop::cli {

inline const char* const kTabularPreprocessingKey = "tabular_preprocessing";

// The JSON text of `preprocessing`.
std::string tabular_preprocessing_json(const TabularPreprocessing& preprocessing);

// The preprocessing stored in `metadata`, or none when the key is absent. Throws Error naming
// `source` when the value is not the JSON above or is inconsistent.
std::optional<TabularPreprocessing> stored_tabular_preprocessing(const nn::Metadata& metadata,
                                                                 const std::string& source);

}  // namespace agop::cli
