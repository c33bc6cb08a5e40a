#pragma once
// The tabular preprocessing (data/tabular_preprocessing.hpp) in a checkpoint's metadata:
// one key, "tabular_preprocessing", whose string value is a JSON object
//   {"target_column": "...", "task": "classification" | "regression", "ignored_columns": [...],
//    "features": [{"name": "age", "categories": [], "date_format": "iso" (dates only),
//    "most_frequent": "..." (categorical only)}, ...], "class_names": [...] (empty for
//    regression), "missing_markers": [...], "missing": "refuse|drop|mean|median|category",
//    "fill": [...], "centre": [...], "scale": [...], "encoded_mean": [...], "encoded_std": [...]}
// Checkpoints written before task, dates, markers, missing and fill were stored read with
// classification, no dates, pandas' markers, refuse and no fill.
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
