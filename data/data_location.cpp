#include "data/data_location.hpp"

#include <cstdlib>
#include <filesystem>

#include "autodiff/error.hpp"

namespace agop {

std::string resolve_data_dir(const std::string& path_argument) {
    if (!path_argument.empty()) return path_argument;
    if (const char* env = std::getenv("AGOP_DATA_DIR"); env && *env) return env;
    throw Error(
        "no data directory: pass one (--data-dir DIR) or set AGOP_DATA_DIR to a directory holding "
        "adult/adult.data, adult/adult.test and credit-default/UCI_Credit_Card.csv "
        "(scripts/download-data DIR fetches them from UCI)");
}

void require_data_files(const std::string& data_dir, const std::vector<std::string>& relative_files,
                        const std::string& dataset) {
    std::string missing;
    for (const auto& file : relative_files)
        if (!std::filesystem::is_regular_file(std::filesystem::path(data_dir) / file))
            missing += (missing.empty() ? "" : ", ") + (std::filesystem::path(data_dir) / file).string();
    if (!missing.empty())
        throw Error("the " + dataset + " data set is missing: " + missing +
                    " not found. Run scripts/download-data " + data_dir + " (it fetches the files from UCI) "
                    "or point AGOP_DATA_DIR at a directory holding them");
}

}  // namespace agop
