#include "explain/explanation_writers.hpp"

#include <cstdio>

#include "data/atomic_file.hpp"
#include "data/checksum.hpp"

#ifndef AGOP_VERSION
#define AGOP_VERSION "unknown"
#endif

namespace agop {

namespace {

std::string float_text(float v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", v);
    return text;
}

}  // namespace

std::string predictions_csv_rows(const Predictions& p, const std::vector<int>& explained_output,
                                 const std::vector<std::string>& class_names, std::size_t first_sample) {
    std::string out;
    if (!p.predicted_value.empty()) {
        for (std::size_t r = 0; r < p.predicted_value.size(); ++r)
            out += std::to_string(first_sample + r) + "," + float_text(p.predicted_value[r]) + "\n";
        return out;
    }
    auto name = [&](int k) {
        const auto i = static_cast<std::size_t>(k);
        return i < class_names.size() ? csv_field(class_names[i]) : std::to_string(k);
    };
    for (std::size_t r = 0; r < p.predicted_class.size(); ++r)
        out += std::to_string(first_sample + r) + "," + name(p.predicted_class[r]) + "," +
               float_text(p.probability[r]) + "," + name(explained_output[r]) + "\n";
    return out;
}

std::string predictions_csv_header(bool regression) {
    return regression ? "sample,predicted_value\n" : "sample,predicted_class,probability,explained_class\n";
}

std::string predictions_csv(const Predictions& p, const std::vector<int>& explained_output,
                            const std::vector<std::string>& class_names) {
    return predictions_csv_header(!p.predicted_value.empty()) +
           predictions_csv_rows(p, explained_output, class_names, 0);
}

TabularExplanation tabular_explanation_fields(const TabularPreprocessing& pre, bool regression,
                                              const PreparedMethod& prepared,
                                              std::vector<std::pair<std::string, SettingValue>> settings,
                                              const std::string& base_values_meaning, const std::string& checkpoint) {
    TabularExplanation e;
    e.method = prepared.method->name;
    e.settings = std::move(settings);
    e.model_output = prepared.model_output;
    e.base_values_meaning = base_values_meaning;
    e.model_checksum = file_checksum(checkpoint);
    e.agop_version = AGOP_VERSION;
    e.feature_names = pre.feature_names;
    for (std::size_t f = 0; f < pre.feature_names.size(); ++f) e.numeric_features.push_back(pre.is_numeric(f));
    e.column_names = pre.column_names();
    e.feature_groups = pre.feature_groups();
    e.regression = regression;
    e.class_names = regression ? std::vector<std::string>{pre.target_column} : pre.class_names;
    return e;
}

TabularExplanation tabular_rows(TabularExplanation e, const EncodedRows& raw, const ExplanationResults& results,
                                const Tensor& attributions) {
    e.lines = raw.lines;
    e.data = raw.cells;
    e.imputed = raw.imputed;
    e.predicted_value = results.predictions.predicted_value;
    if (!e.regression) {
        e.predicted_class = results.predictions.predicted_class;
        e.probability = results.predictions.probability;
        e.explained_class = results.explained_output;
    }
    e.attributions = attributions;
    e.base_values = results.base_values.values;
    complete_tabular_explanation(e);
    return e;
}

TabularExplanation tabular_explanation(const ExplainData& data, const PreparedMethod& prepared,
                                       std::vector<std::pair<std::string, SettingValue>> settings,
                                       const ExplanationResults& results, const Tensor& attributions,
                                       const std::string& checkpoint) {
    return tabular_rows(tabular_explanation_fields(*data.preprocessing, data.regression, prepared, std::move(settings),
                                                   results.base_values.meaning, checkpoint),
                        *data.raw, results, attributions);
}

std::vector<std::filesystem::path> write_tabular_explanation(const std::filesystem::path& dir,
                                                             const TabularExplanation& e, bool per_column) {
    const auto csv = dir / ("attributions_" + e.method + ".csv");
    const auto json = dir / ("explanation_" + e.method + ".json");
    write_text_file_atomically(csv, attributions_csv(e, per_column));
    write_text_file_atomically(json, explanation_json(e));
    return {csv, json};
}

}  // namespace agop
