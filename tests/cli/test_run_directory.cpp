// A command's --out is one unit: written in a hidden folder beside it and renamed into
// place; an earlier run is replaced only with --force and only after the new one is
// complete; a folder agop did not write, or one holding an input, is never replaced.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "autodiff/error.hpp"
#include "cli/run_directory.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::cli;
namespace fs = std::filesystem;

namespace {

fs::path fresh(const std::string& name) {
    static int counter = 0;
    const fs::path dir = fs::temp_directory_path() /
                         ("agop_run_dir_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// A finished run of `content` in `out`.
void finished_run(const fs::path& out, const std::string& content, bool force = false) {
    RunDirectory run(out.string(), force, {}, "test");
    std::ofstream(run.staging() / "result.txt") << content;
    run.commit();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(run_directory)

BOOST_AUTO_TEST_CASE(files_appear_in_out_only_at_commit) {
    const fs::path parent = fresh("commit");
    RunDirectory run((parent / "out").string(), false, {}, "test");
    std::ofstream(run.staging() / "result.txt") << "new";
    BOOST_TEST(!fs::exists(parent / "out"));
    BOOST_TEST(run.staging().parent_path() == parent);
    run.commit();
    BOOST_TEST(read(parent / "out" / "result.txt") == "new");
    BOOST_TEST(fs::exists(parent / "out" / RunDirectory::kRunMarker));
    BOOST_TEST(run.final_path("result.txt") == parent / "out" / "result.txt");
    BOOST_TEST(entries(parent) == 1u);  // no staging folder left beside it
}

BOOST_AUTO_TEST_CASE(a_run_that_fails_before_commit_leaves_nothing_and_keeps_the_earlier_run) {
    const fs::path parent = fresh("failed");
    finished_run(parent / "out", "old");
    {
        RunDirectory run((parent / "out").string(), true, {}, "test");
        std::ofstream(run.staging() / "result.txt") << "half";
        std::ofstream(run.staging() / "model.bin") << "half";
    }  // an exception unwinding here, say
    BOOST_TEST(read(parent / "out" / "result.txt") == "old");
    BOOST_TEST(!fs::exists(parent / "out" / "model.bin"));
    BOOST_TEST(entries(parent) == 1u);
}

BOOST_AUTO_TEST_CASE(force_replaces_the_whole_earlier_run_so_two_runs_never_mix) {
    const fs::path parent = fresh("force");
    {
        RunDirectory run((parent / "out").string(), false, {}, "test");
        std::ofstream(run.staging() / "only_in_the_old_run.txt") << "old";
        run.commit();
    }
    finished_run(parent / "out", "new", true);
    BOOST_TEST(read(parent / "out" / "result.txt") == "new");
    BOOST_TEST(!fs::exists(parent / "out" / "only_in_the_old_run.txt"));
    BOOST_TEST(entries(parent) == 1u);  // the old run moved aside was removed
}

BOOST_AUTO_TEST_CASE(an_occupied_out_is_refused_without_force_before_any_work) {
    const fs::path parent = fresh("occupied");
    finished_run(parent / "out", "old");
    expect_error_mentioning([&] { RunDirectory((parent / "out").string(), false, {}, "test"); }, {"--out", "--force"});
    BOOST_TEST(entries(parent) == 1u);
}

BOOST_AUTO_TEST_CASE(force_never_replaces_a_folder_agop_did_not_write) {
    const fs::path parent = fresh("foreign");
    fs::create_directories(parent / "mine");
    std::ofstream(parent / "mine" / "thesis.tex") << "a user's file";
    expect_error_mentioning([&] { RunDirectory((parent / "mine").string(), true, {}, "test"); },
                            {"--out", "did not write"});
    BOOST_TEST(fs::exists(parent / "mine" / "thesis.tex"));
}

BOOST_AUTO_TEST_CASE(force_never_replaces_a_folder_holding_an_input) {
    const fs::path parent = fresh("input");
    finished_run(parent / "out", "old");
    const fs::path input = parent / "out" / "result.txt";
    // Through a relative path with "..", so only canonical paths match.
    const std::string roundabout = (parent / "out" / ".." / "out" / "result.txt").string();
    expect_error_mentioning([&] { RunDirectory((parent / "out").string(), true, {"", roundabout}, "test"); },
                            {"--out", "holds the input", "result.txt"});
    BOOST_TEST(read(input) == "old");
}

BOOST_AUTO_TEST_CASE(an_out_that_is_a_file_or_cannot_be_created_is_refused_at_once) {
    const fs::path parent = fresh("unwritable");
    std::ofstream(parent / "file") << "x";
    expect_error_mentioning([&] { RunDirectory((parent / "file").string(), true, {}, "test"); }, {"not a folder"});
    expect_error_mentioning([&] { RunDirectory((parent / "file" / "out").string(), false, {}, "test"); },
                            {"--out", "cannot create"});
    expect_error_mentioning([&] { RunDirectory("", false, {}, "test"); }, {"--out"});
}

BOOST_AUTO_TEST_CASE(an_empty_out_folder_is_used) {
    const fs::path parent = fresh("empty");
    fs::create_directories(parent / "out");
    finished_run(parent / "out", "new");
    BOOST_TEST(read(parent / "out" / "result.txt") == "new");
}

BOOST_AUTO_TEST_CASE(paths_in_spec_lists_the_parts_that_exist) {
    const fs::path parent = fresh("spec");
    std::ofstream(parent / "x.npy") << "x";
    const std::string x = (parent / "x.npy").string();
    BOOST_TEST(paths_in_spec("npy:" + x + ":" + (parent / "missing.npy").string()) == std::vector<std::string>{x});
    BOOST_TEST(paths_in_spec("synthetic:linear").empty());
}

BOOST_AUTO_TEST_SUITE_END()
