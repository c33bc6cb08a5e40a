#include "cli/tabular_metadata.hpp"

#include <nlohmann/json.hpp>

#include "autodiff/error.hpp"

namespace agop::cli {

std::string tabular_preprocessing_json(const TabularPreprocessing& pre) {
    nlohmann::json features = nlohmann::json::array();
    for (std::size_t f = 0; f < pre.feature_names.size(); ++f)
        features.push_back({{"name", pre.feature_names[f]}, {"categories", pre.categories[f]}});
    const nlohmann::json j{{"target_column", pre.target_column},
                           {"ignored_columns", pre.ignored_columns},
                           {"features", features},
                           {"class_names", pre.class_names},
                           {"centre", pre.centre},
                           {"scale", pre.scale},
                           {"encoded_mean", pre.encoded_mean},
                           {"encoded_std", pre.encoded_std}};
    return j.dump();
}

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
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": metadata '" + kTabularPreprocessingKey + "' is not the JSON agop train writes (" +
                    e.what() + ")");
    }
    check_tabular_preprocessing(pre, source);
    return pre;
}

}  // namespace agop::cli
