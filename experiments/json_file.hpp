#pragma once
// Reading a JSON file whole, with the readers' one-line errors (data/file_bytes.hpp).

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace agop {

// The JSON document in `path`. Throws agop::Error naming the file and `expected` (what the
// file should be) when it is missing, a folder, unreadable or not valid JSON.
nlohmann::json read_json_file(const std::filesystem::path& path, const std::string& expected);

}  // namespace agop
