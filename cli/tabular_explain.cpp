#include "cli/tabular_explain.hpp"

#include "autodiff/error.hpp"
#include "cli/tabular_metadata.hpp"
#include "data/atomic_file.hpp"
#include "data/checksum.hpp"
#include "data/csv.hpp"

#ifndef AGOP_VERSION
#define AGOP_VERSION "unknown"
#endif

namespace agop::cli {

TabularRows read_tabular_rows(const nn::Metadata& metadata, const std::string& checkpoint, const std::string& csv_path,
                              const std::string& unseen) {
    const UnseenCategory unseen_category = parse_unseen_category(unseen, "--unseen-category");
    auto preprocessing = stored_tabular_preprocessing(metadata, checkpoint);
    if (!preprocessing)
        throw Error("--checkpoint " + checkpoint +
                    ": holds no tabular preprocessing, so raw rows (--csv) cannot be "
                    "encoded; train it with agop train --data csv:FILE:TARGET (or adult, credit), or pass encoded "
                    "rows with --inputs");
    TabularRows out{*preprocessing, {}};
    out.rows = encode_new_rows(out.preprocessing, read_csv(csv_path), unseen_category);
    return out;
}

TabularExplanation tabular_explanation(const TabularRows& tabular, const std::string& method,
                                       std::vector<std::pair<std::string, std::string>> settings,
                                       const std::string& model_output, const Predictions& predictions,
                                       const std::vector<int>& explained_class, const Tensor& attributions,
                                       const BaseValues& base_values, const std::string& checkpoint) {
    const TabularPreprocessing& pre = tabular.preprocessing;
    TabularExplanation e;
    e.method = method;
    e.settings = std::move(settings);
    e.model_output = model_output;
    e.base_values_meaning = base_values.meaning;
    e.model_checksum = file_checksum(checkpoint);
    e.agop_version = AGOP_VERSION;
    e.feature_names = pre.feature_names;
    for (std::size_t f = 0; f < pre.feature_names.size(); ++f) e.numeric_features.push_back(pre.is_numeric(f));
    e.column_names = pre.column_names();
    e.feature_groups = pre.feature_groups();
    e.regression = pre.regression;
    e.class_names = pre.regression ? std::vector<std::string>{pre.target_column} : pre.class_names;
    if (pre.missing != MissingValues::refuse) e.imputed = tabular.rows.imputed;
    e.lines = tabular.rows.lines;
    e.data = tabular.rows.cells;
    e.predicted_class = predictions.predicted_class;
    e.probability = predictions.probability;
    e.explained_class = explained_class;
    e.attributions = attributions;
    e.base_values = base_values.values;
    check_tabular_explanation(e);
    return e;
}

std::vector<std::filesystem::path> write_tabular_explanation(const std::filesystem::path& dir,
                                                             const TabularExplanation& e, bool per_column) {
    const auto csv = dir / ("attributions_" + e.method + ".csv");
    const auto json = dir / ("explanation_" + e.method + ".json");
    write_text_file_atomically(csv, attributions_csv(e, per_column));
    write_text_file_atomically(json, explanation_json(e));
    return {csv, json};
}

}  // namespace agop::cli
