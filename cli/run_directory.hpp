#pragma once
// A command's output folder (--out) as one unit. The command writes into a fresh hidden
// folder beside --out; commit() renames it into place. A run that fails or is killed never
// leaves half its files in --out, and two runs' files never mix:
//
//   --out missing or empty      the new folder is renamed onto it.
//   --out holds an earlier run  refused, unless --force: the old folder is renamed aside,
//                               the new one renamed into place, then the old one removed.
//
// Everything about --out is checked when the object is made, before any work: that it is
// not a file, that files can be written beside it (by making the new folder there and
// writing the marker file into it), that it is
// not occupied (without --force), that --force would only replace a folder agop wrote (it
// holds the marker file kRunMarker), and that replacing it would not destroy one of the
// command's input files (compared by canonical path).

#include <filesystem>
#include <string>
#include <vector>

namespace agop::cli {

class RunDirectory {
  public:
    // The file every run folder holds: --force replaces only such folders.
    static constexpr const char* kRunMarker = ".agop-run";

    // `out` is --out; `inputs` are the paths the command reads (missing ones are ignored).
    // Throws agop::Error naming --out and the reason, having created nothing but --out's
    // parent folders.
    RunDirectory(const std::string& out, bool force, const std::vector<std::string>& inputs, const std::string& command);
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;
    // Removes the new folder unless it was committed.
    ~RunDirectory();

    // Where the command writes its files now.
    const std::filesystem::path& staging() const { return staging_; }
    // Where `file` will be once committed (for messages).
    std::filesystem::path final_path(const std::string& file) const { return out_ / file; }

    // Puts the new folder in place of --out (see above). Throws agop::Error naming --out if a
    // rename fails; the earlier run is then back in place.
    void commit();

  private:
    std::filesystem::path out_, staging_;
    bool force_ = false, committed_ = false;
    std::string command_;
};

// The parts of a data spec such as "csv:data/x.csv:income" or "npy:a.npy:b.npy" that name
// an existing file or folder, for RunDirectory's input check.
std::vector<std::string> paths_in_spec(const std::string& spec);

}  // namespace agop::cli
