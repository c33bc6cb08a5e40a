#pragma once
// Running the agop executable from a test: its exit code and its output, in a fresh folder,
// also on a simulated full disk.

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace agop::test {

struct AgopRun {
    int exit_code;
    std::string output;  // stdout and stderr together
};

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Every file under `dir`, by path relative to it -> its bytes.
inline std::map<std::string, std::string> files_under(const std::filesystem::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files[entry.path().lexically_relative(dir).string()] = read_text(entry.path());
    return files;
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// The agop executable of the build tree ($AGOP_BINARY_DIR, set by ctest), quoted for a shell.
inline std::string agop_binary() {
    const char* binary_dir = std::getenv("AGOP_BINARY_DIR");
    BOOST_REQUIRE_MESSAGE(binary_dir, "AGOP_BINARY_DIR is not set (ctest sets it)");
    return "'" + std::string(binary_dir) + "/agop'";
}

// Runs `agop <arguments>` in `directory`.
inline AgopRun run_agop_in(const std::string& arguments, const std::filesystem::path& directory) {
    const auto log = directory / "command.log";
    const std::string command =
        "cd '" + directory.string() + "' && " + agop_binary() + " " + arguments + " > '" + log.string() + "' 2>&1";
    const int status = std::system(command.c_str());
    return {WEXITSTATUS(status), read_text(log)};
}

// Runs `agop <arguments>` in `directory` on a "full disk": the file-size limit is `bytes`
// (prlimit, util-linux) and SIGXFSZ ignored (inherited through exec), so writes past it fail
// with EFBIG. The output goes through a pipe, which the limit does not touch; the exit code is
// sent down the same pipe.
inline AgopRun run_agop_with_full_disk(const std::string& arguments, const std::filesystem::path& directory,
                                       unsigned long bytes = 0) {
    const std::filesystem::path log = directory / "command.log";
    const std::string command = "cd '" + directory.string() + "' && (trap '' XFSZ; prlimit --fsize=" +
                                std::to_string(bytes) + " " + agop_binary() + " " + arguments +
                                " 2>&1; echo \"exit=$?\") | cat > '" + log.string() + "'";
    std::system(command.c_str());
    std::string output = read_text(log);
    const auto at = output.rfind("exit=");
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no exit status in: " << output);
    const int code = std::stoi(output.substr(at + 5));
    output.erase(at);
    return {code, output};
}

// The folders fresh_cli_directory made in this process, removed when the process ends, so that
// test runs do not pile up folders in /tmp; AGOP_KEEP_TEST_FOLDERS=1 keeps them, to look at after
// a failure.
class TestFolders {
public:
    TestFolders() = default;
    TestFolders(const TestFolders&) = delete;
    TestFolders& operator=(const TestFolders&) = delete;
    ~TestFolders() {
        if (std::getenv("AGOP_KEEP_TEST_FOLDERS") != nullptr) return;
        std::error_code ignored;
        for (const auto& dir : made_) std::filesystem::remove_all(dir, ignored);
    }
    void add(const std::filesystem::path& dir) { made_.push_back(dir); }

private:
    std::vector<std::filesystem::path> made_;
};

inline TestFolders& test_folders() {
    static TestFolders folders;
    return folders;
}

inline std::filesystem::path fresh_cli_directory(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("agop_cli_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    test_folders().add(dir);
    return dir;
}

// A fresh folder holding a synthetic:linear MLP trained for 3 epochs in model/ (model.safetensors,
// test_inputs.npy, background.npy); a failed training throws with agop's output (the test fails).
inline std::filesystem::path trained_linear_model(const std::string& name) {
    const auto dir = fresh_cli_directory(name);
    const AgopRun train = run_agop_in("train --data synthetic:linear --epochs 3 --quiet --out model", dir);
    if (train.exit_code != 0) throw std::runtime_error("agop train failed: " + train.output);
    return dir;
}

}  // namespace agop::test
