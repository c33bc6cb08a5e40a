#pragma once
// Running the agop executable from a test: its exit code and its output, in a fresh folder.

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace agop::test {

struct AgopRun {
    int exit_code;
    std::string output;  // stdout and stderr together
};

// Runs `agop <arguments>` from the build tree ($AGOP_BINARY_DIR, set by ctest) in `directory`.
inline AgopRun run_agop_in(const std::string& arguments, const std::filesystem::path& directory) {
    const char* binary_dir = std::getenv("AGOP_BINARY_DIR");
    BOOST_REQUIRE_MESSAGE(binary_dir, "AGOP_BINARY_DIR is not set (ctest sets it)");
    const auto log = directory / "command.log";
    const std::string command = "cd '" + directory.string() + "' && '" + std::string(binary_dir) + "/agop' " +
                                arguments + " > '" + log.string() + "' 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return {WEXITSTATUS(status), text.str()};
}

inline std::filesystem::path fresh_cli_directory(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("agop_cli_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace agop::test
