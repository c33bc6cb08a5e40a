#pragma once
// Helpers shared by the data tests: a fresh temporary directory, raw file writing, and the
// location of the real data sets (with a visible skip when they are absent).

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <unistd.h>

namespace agop::test {

// A new empty directory under the system temp dir, unique per call within this process.
inline std::filesystem::path fresh_temp_dir(const std::string& name) {
    static int counter = 0;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("agop_test_data_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

inline void write_text(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// The real data directory: $AGOP_DATA_DIR, else ../shared/data beside the repository (found
// through $AGOP_TEST_DIR, the tests/ folder, which ctest sets). Empty when neither holds
// `relative_file`; the caller then prints a visible SKIPPED line and returns.
inline std::string real_data_dir(const std::string& relative_file) {
    if (const char* env = std::getenv("AGOP_DATA_DIR"))
        if (std::filesystem::exists(std::filesystem::path(env) / relative_file)) return env;
    if (const char* tests = std::getenv("AGOP_TEST_DIR")) {
        const auto dir = std::filesystem::path(tests) / ".." / ".." / "shared" / "data";
        if (std::filesystem::exists(dir / relative_file)) return dir.lexically_normal().string();
    }
    return "";
}

inline void report_skip(const std::string& test, const std::string& relative_file) {
    const std::string message = "SKIPPED: " + test + " needs " + relative_file +
                                " under $AGOP_DATA_DIR (run scripts/download-data)";
    std::cerr << message << '\n';
    BOOST_TEST_MESSAGE(message);
    BOOST_WARN_MESSAGE(false, message);
}

}  // namespace agop::test
