#include "experiments/json_file.hpp"

#include "autodiff/error.hpp"
#include "data/file_bytes.hpp"

namespace agop {

nlohmann::json read_json_file(const std::filesystem::path& path, const std::string& expected) {
    const std::string text = read_file_bytes(path.string(), expected);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.string() + ": not valid JSON (expected " + expected + "): " + e.what());
    }
}

}  // namespace agop
