#include "cli/run_directory.hpp"

#include <atomic>
#include <cstdio>
#include <sstream>
#include <system_error>

#include <unistd.h>

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"

namespace agop::cli {

namespace fs = std::filesystem;

namespace {

// "<parent>/.<name>.<what>-<pid>-<n>": beside `out` (so a rename stays on one file system),
// hidden, and unique to this process.
fs::path sibling(const fs::path& out, const std::string& what) {
    static std::atomic<unsigned> counter{0};
    return out.parent_path() / ("." + out.filename().string() + "." + what + "-" + std::to_string(::getpid()) + "-" +
                                std::to_string(counter++));
}

// True if `path` is `folder` or lies inside it (both canonical).
bool inside(const fs::path& path, const fs::path& folder) {
    auto p = path.begin();
    for (auto f = folder.begin(); f != folder.end(); ++f, ++p)
        if (p == path.end() || *p != *f) return false;
    return true;
}

}  // namespace

RunDirectory::RunDirectory(const std::string& out, bool force, const std::vector<std::string>& inputs,
                           const std::string& command)
    : force_(force), command_(command) {
    if (out.empty()) throw Error("--out: expected a folder name; got an empty one");
    out_ = fs::absolute(out).lexically_normal();
    if (!out_.has_filename()) out_ = out_.parent_path();  // "results/" -> "results"
    if (out_ == out_.root_path()) throw Error("--out " + out + ": expected a folder to write into, not the root");
    std::error_code error;
    const auto status = fs::status(out_, error);
    const bool exists = status.type() != fs::file_type::not_found;
    if (exists && status.type() != fs::file_type::directory)
        throw Error("--out " + out + ": exists and is not a folder");
    if (exists && !fs::is_empty(out_, error)) {
        if (!force)
            throw Error("--out " + out + ": the folder already holds an earlier run; choose another --out or pass "
                        "--force to replace it");
        if (!fs::exists(out_ / kRunMarker))
            throw Error("--out " + out + ": holds files agop did not write (no " + kRunMarker +
                        "), so --force will not replace it; choose another --out");
        const fs::path folder = fs::canonical(out_);
        for (const auto& input : inputs) {
            if (input.empty() || !fs::exists(input, error)) continue;
            if (inside(fs::canonical(input), folder))
                throw Error("--out " + out + ": holds the input " + input +
                            ", which replacing the folder would destroy; choose another --out");
        }
        const fs::path cwd = fs::current_path(error);
        if (!error && inside(cwd, folder))
            throw Error("--out " + out + ": is the current folder or holds it; choose another --out");
    }
    fs::create_directories(out_.parent_path(), error);
    if (error) throw Error("--out " + out + ": cannot create its parent folder (" + error.message() + ")");
    staging_ = sibling(out_, "partial");
    if (!fs::create_directory(staging_, error) || error)
        throw Error("--out " + out + ": cannot create a folder in " + out_.parent_path().string() + " (" +
                    (error ? error.message() : "it exists") + ")");
    // The marker is written now rather than at the end, so that a full disk or a folder that
    // takes no files is found before any work.
    try {
        write_text_file_atomically(staging_ / kRunMarker, "written by agop " + command_ + "\n");
    } catch (const Error& e) {
        fs::remove_all(staging_, error);
        throw Error("--out " + out + ": cannot write there: " + e.what());
    }
}

RunDirectory::~RunDirectory() {
    if (committed_) return;
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
}

void RunDirectory::commit() {
    auto rename_failed = [&](const fs::path& from, const fs::path& to) {
        return std::rename(from.c_str(), to.c_str()) != 0 ? std::error_code(errno, std::generic_category())
                                                            : std::error_code();
    };
    fs::path aside;
    std::error_code error;
    if (fs::exists(out_) && !fs::is_empty(out_, error)) {
        if (!force_) {
            committed_ = true;  // keep this run's files where the message says they are
            throw Error("--out " + out_.string() + ": another run filled it while this one ran; this run's files are "
                        "left in " + staging_.string());
        }
        aside = sibling(out_, "replaced");
        if (auto e = rename_failed(out_, aside))
            throw Error("--out " + out_.string() + ": cannot move the earlier run aside (" + e.message() + ")");
    }
    if (auto e = rename_failed(staging_, out_)) {
        if (!aside.empty()) rename_failed(aside, out_);
        throw Error("--out " + out_.string() + ": cannot rename the new run into place (" + e.message() + ")");
    }
    committed_ = true;
    if (!aside.empty()) fs::remove_all(aside, error);
}

std::vector<std::string> paths_in_spec(const std::string& spec) {
    std::vector<std::string> paths;
    std::stringstream parts(spec);
    std::string part;
    std::error_code error;
    while (std::getline(parts, part, ':'))
        if (!part.empty() && fs::exists(part, error)) paths.push_back(part);
    return paths;
}

}  // namespace agop::cli
