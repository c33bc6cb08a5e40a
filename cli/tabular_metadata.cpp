#include "cli/tabular_metadata.hpp"

#include <nlohmann/json.hpp>

#include "autodiff/error.hpp"

namespace agop::cli {

std::string tabular_preprocessing_json(const TabularPreprocessing& pre) {
    nlohmann::json features = nlohmann::json::array();
    for (std::size_t f = 0; f < pre.feature_names.size(); ++f) {
        nlohmann::json feature{{"name", pre.feature_names[f]}, {"categories", pre.categories[f]}};
        if (pre.is_date(f)) feature["date_format"] = date_format_name(pre.date_formats[f]);
        if (f < pre.most_frequent.size() && !pre.most_frequent[f].empty())
            feature["most_frequent"] = pre.most_frequent[f];
        features.push_back(feature);
    }
    const nlohmann::json j{{"target_column", pre.target_column},
                           {"task", pre.regression ? "regression" : "classification"},
                           {"ignored_columns", pre.ignored_columns},
                           {"features", features},
                           {"class_names", pre.class_names},
                           {"missing_markers", pre.missing_markers},
                           {"missing", missing_values_name(pre.missing)},
                           {"fill", pre.fill},
                           {"centre", pre.centre},
                           {"scale", pre.scale},
                           {"encoded_mean", pre.encoded_mean},
                           {"encoded_std", pre.encoded_std}};
    return j.dump();
}

namespace {

// The fields checkpoints written before missing cells, dates and regression were stored
// lack take their meaning of then: no dates, no fill, refuse, classification.
void read_optional_fields(const nlohmann::json& j, TabularPreprocessing& pre) {
    for (const auto& feature : j.at("features")) {
        pre.date_formats.push_back(feature.contains("date_format")
                                       ? parse_date_format(feature.at("date_format").get<std::string>())
                                       : DateFormat::none);
        pre.most_frequent.push_back(feature.value("most_frequent", std::string()));
    }
    const std::string task = j.value("task", std::string("classification"));
    if (task != "classification" && task != "regression")
        throw Error("task '" + task + "': expected classification or regression");
    pre.regression = task == "regression";
    if (j.contains("missing_markers")) j.at("missing_markers").get_to(pre.missing_markers);
    pre.missing = parse_missing_values(j.value("missing", std::string("refuse")), "missing policy");
    if (j.contains("fill")) j.at("fill").get_to(pre.fill);
    if (pre.fill.empty()) pre.fill.assign(pre.encoded_columns(), 0.0);
}

}  // namespace

std::optional<TabularPreprocessing> stored_tabular_preprocessing(const nn::Metadata& metadata,
                                                                 const std::string& source) {
    const auto it = metadata.find(kTabularPreprocessingKey);
    if (it == metadata.end()) return std::nullopt;
    TabularPreprocessing pre;
    try {
        const nlohmann::json j = nlohmann::json::parse(it->second);
        j.at("target_column").get_to(pre.target_column);
        j.at("ignored_columns").get_to(pre.ignored_columns);
        for (const auto& feature : j.at("features")) {
            pre.feature_names.push_back(feature.at("name").get<std::string>());
            pre.categories.push_back(feature.at("categories").get<std::vector<std::string>>());
        }
        j.at("class_names").get_to(pre.class_names);
        j.at("centre").get_to(pre.centre);
        j.at("scale").get_to(pre.scale);
        j.at("encoded_mean").get_to(pre.encoded_mean);
        j.at("encoded_std").get_to(pre.encoded_std);
        read_optional_fields(j, pre);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": metadata '" + kTabularPreprocessingKey + "' is not the JSON agop train writes (" +
                    e.what() + ")");
    } catch (const Error& e) {
        throw Error(source + ": metadata '" + kTabularPreprocessingKey + "': " + e.what());
    }
    check_tabular_preprocessing(pre, source);
    return pre;
}

}  // namespace agop::cli
