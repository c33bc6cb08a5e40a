// `agop reproduce --shard i/n` in separate processes, then `--merge` (which takes WHICH and the
// settings from the parts), writes the same bytes as the unsharded run (with --no-timings, which
// takes the wall-clock values out); merges of parts that miss or repeat a unit, or that come
// from other settings or thread counts, are refused naming the folder and the field or unit;
// units run side by side write the bytes of the one-thread run; a bad --shard is refused
// before any work.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "tests/cli/run_agop.hpp"

namespace fs = std::filesystem;
using agop::test::fresh_cli_directory;
using agop::test::read_text;
using agop::test::run_agop_in;
using agop::test::write_text;

BOOST_AUTO_TEST_SUITE(reproduce_shards)

namespace {

// Every file under `dir` (relative path -> bytes), hidden ones included.
std::map<std::string, std::string> files_under(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = read_text(entry.path());
    return files;
}

const std::string settings = "reproduce tabular --quick --no-timings --threads 1 --quiet";

}  // namespace

namespace {

// `command` run in `dir` fails, its output naming `fragment`.
void expect_refused(const fs::path& dir, const std::string& command, const std::string& fragment) {
    const auto refused = run_agop_in(command, dir);
    BOOST_TEST(refused.exit_code != 0);
    BOOST_TEST(refused.output.find(fragment) != std::string::npos, refused.output);
}

// The merges of part1 and part2 (WHICH and settings taken from the parts, or given again) hold
// the bytes of the unsharded run in `whole`.
void check_merge_equals_whole(const fs::path& dir) {
    const auto merged = run_agop_in("reproduce --quiet --merge part1 part2 --out merged", dir);
    BOOST_REQUIRE_MESSAGE(merged.exit_code == 0, merged.output);
    const auto repeated = run_agop_in(settings + " --merge part1 part2 --out merged-repeated", dir);
    BOOST_REQUIRE_MESSAGE(repeated.exit_code == 0, repeated.output);
    BOOST_TEST((files_under(dir / "merged-repeated") == files_under(dir / "merged")));
    const auto whole_files = files_under(dir / "whole");
    const auto merged_files = files_under(dir / "merged");
    BOOST_TEST(whole_files.size() > 5u);
    BOOST_TEST(whole_files.count("report.md") == 1u);
    BOOST_TEST(whole_files.count("tabular_k_sweep.png") == 1u);
    for (const auto& [name, bytes] : whole_files) {
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(merged_files.count(name) == 1u);
            if (merged_files.count(name)) BOOST_TEST((merged_files.at(name) == bytes));
        }
    }
    BOOST_TEST(merged_files.size() == whole_files.size());
    const std::string report = whole_files.at("report.md");
    BOOST_TEST(report.find("Command: `agop reproduce tabular --quick --seeds 1 --seed 0 --threads 1 --backend cpu "
                           "--no-timings`") != std::string::npos);
    BOOST_TEST(report.find("not measured") != std::string::npos);
    BOOST_TEST(report.find("not checked") != std::string::npos);
}

// Merges of the parts that miss or repeat a unit, or ask for other settings or threads.
void check_mismatched_merges_refused(const fs::path& dir) {
    expect_refused(dir, settings + " --merge part1 --out refused",
                   "part 2/2 is missing: none of the 1 folders given holds it");
    expect_refused(dir, settings + " --merge part1 part2 part1 --out refused",
                   "part1: duplicate of part 1/2, which part1 holds");
    expect_refused(dir,
                   "reproduce tabular --quick --no-timings --threads 1 --quiet --seed 1 --merge part1 part2 "
                   "--out refused",
                   "--seed is 1 but the parts ran 0 (part1/part.json");
    expect_refused(dir, "reproduce images --quiet --merge part1 part2 --out refused",
                   "which is \"images\" but the parts ran \"tabular\"");
    // A merge at another thread count than the parts ran with (--threads 2 side by side is --threads 1).
    expect_refused(dir,
                   "reproduce tabular --quick --no-timings --threads 2 --side-by-side off --quiet --merge part1 part2 "
                   "--out refused",
                   "part1/part.json: threads (--threads) is 1 but this merge has 2");
}

// Parts edited by hand or broken: mixed settings and thread counts, settings agop does not
// write, a unit file that lacks what the assembly reads or went missing, a folder that is no part.
void check_broken_parts_refused(const fs::path& dir) {
    // A unit the merge's own list lacks; for a ROAR unit (listed only where the data folder is
    // found) the message names the folder the merge needs.
    fs::copy(dir / "part2", dir / "part2-foreign");
    auto foreign = nlohmann::json::parse(read_text(dir / "part2-foreign" / "part.json"));
    foreign["units"].push_back("tabular-roar/adult");
    write_text(dir / "part2-foreign" / "part.json", foreign.dump(2));
    expect_refused(dir, settings + " --merge part1 part2-foreign --out refused",
                   "unit tabular-roar/adult is not a unit of this run (the ROAR units need the data folder");
    fs::copy(dir / "part2", dir / "part2-other");
    auto other = nlohmann::json::parse(read_text(dir / "part2-other" / "part.json"));
    other["threads"] = 2;
    write_text(dir / "part2-other" / "part.json", other.dump(2));
    expect_refused(dir, settings + " --merge part1 part2-other --out refused",
                   "part2-other: threads is 2, but part1 has 1; all parts must come from one run");
    other["threads"] = 1;
    other["settings"]["quick"] = false;
    write_text(dir / "part2-other" / "part.json", other.dump(2));
    expect_refused(dir, settings + " --merge part1 part2-other --out refused",
                   "part2-other: settings.quick is false, but part1 has true");
    // Settings agop does not write, in every part (so that the parts agree): the first is read.
    fs::copy(dir / "part1", dir / "part1-other");
    auto first = nlohmann::json::parse(read_text(dir / "part1-other" / "part.json"));
    first["settings"]["seeds"] = other["settings"]["seeds"] = "five";
    first["settings"]["quick"] = false;
    write_text(dir / "part1-other" / "part.json", first.dump(2));
    write_text(dir / "part2-other" / "part.json", other.dump(2));
    expect_refused(dir, "reproduce --merge part2-other part1-other --out refused",
                   "part1-other/part.json: settings.seeds is \"five\", expected a whole number");
    const fs::path unit_file = dir / "part2" / "tabular.sparse_nonlinear.seed-0.json";
    const std::string unit_text = read_text(unit_file);
    auto unit = nlohmann::json::parse(unit_text);
    unit["result"].erase("methods");
    write_text(unit_file, unit.dump());
    expect_refused(dir, settings + " --merge part1 part2 --out refused",
                   "a unit result of tabular lacks what its assembly reads");
    write_text(unit_file, unit_text);
    fs::remove(unit_file);
    expect_refused(dir, settings + " --merge part1 part2 --out refused",
                   "tabular.sparse_nonlinear.seed-0.json: no such file");
    expect_refused(dir, settings + " --merge part1 whole --out refused", "whole: no part.json");
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_parts_merged_are_byte_identical_to_the_unsharded_run_and_bad_merges_are_refused) {
    const fs::path dir = fresh_cli_directory("reproduce_shards");
    const auto whole = run_agop_in(settings + " --out whole", dir);
    BOOST_REQUIRE_MESSAGE(whole.exit_code == 0, whole.output);
    const auto part1 = run_agop_in(settings + " --shard 1/2 --out part1", dir);
    BOOST_REQUIRE_MESSAGE(part1.exit_code == 0, part1.output);
    const auto part2 = run_agop_in(settings + " --shard 2/2 --out part2", dir);
    BOOST_REQUIRE_MESSAGE(part2.exit_code == 0, part2.output);

    // Round-robin: 3 tasks x 1 seed, units 0 and 2 in part 1, unit 1 in part 2.
    const auto part1_json = nlohmann::json::parse(read_text(dir / "part1" / "part.json"));
    BOOST_TEST(part1_json.at("kind") == "reproduce");
    BOOST_TEST(part1_json.at("units") == nlohmann::json({"tabular/linear/seed-0", "tabular/interaction/seed-0"}));
    BOOST_TEST(fs::exists(dir / "part2" / "tabular.sparse_nonlinear.seed-0.json"));

    // Each unit's wall, CPU and estimated seconds are recorded.
    const auto& timed = part1_json.at("unit_seconds").at("tabular/linear/seed-0");
    BOOST_TEST(timed.at("cpu").get<double>() > 0.0);
    BOOST_TEST(timed.at("estimated").get<double>() > 0.0);
    BOOST_TEST(part1_json.at("cpu_seconds").get<double>() >= timed.at("cpu").get<double>());

    check_merge_equals_whole(dir);
    check_mismatched_merges_refused(dir);
    check_broken_parts_refused(dir);
    BOOST_TEST(!fs::exists(dir / "refused"));
    fs::remove_all(dir);
}

// Every experiment, ROAR included when AGOP_DATA_DIR holds its data (skipped alike in both
// paths otherwise), in three parts: more parts than some experiments have units. Not in the
// sanitizer build (AGOP_SANITIZED): four quick reproductions are half of test_cli's time there
// (about 5 of its 10 minutes), the bytes are checked here in Release and by scripts/ci-slurm, and
// the sanitizers still run the quick reproduction (test_reproduce_quick) and a sharded merge (above).
#ifdef AGOP_SANITIZED
constexpr bool sanitized_build = true;
#else
constexpr bool sanitized_build = false;
#endif
BOOST_AUTO_TEST_CASE(all_quick_in_three_parts_merges_to_the_bytes_of_the_unsharded_run,
                     *boost::unit_test::enable_if<!sanitized_build>()) {
    const fs::path dir = fresh_cli_directory("reproduce_all_shards");
    const std::string all = "reproduce all --quick --no-timings --threads 1 --quiet";
    const auto whole = run_agop_in(all + " --out whole", dir);
    BOOST_REQUIRE_MESSAGE(whole.exit_code == 0, whole.output);
    for (const char* part : {"1/3", "2/3", "3/3"}) {
        const auto run = run_agop_in(all + " --shard " + part + " --out part" + std::string(1, part[0]), dir);
        BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    }
    const auto merged = run_agop_in(all + " --merge part1 part2 part3 --out merged", dir);
    BOOST_REQUIRE_MESSAGE(merged.exit_code == 0, merged.output);
    const auto whole_files = files_under(dir / "whole");
    const auto merged_files = files_under(dir / "merged");
    BOOST_TEST(whole_files.count("xai_tris.csv") == 1u);
    BOOST_TEST(merged_files.size() == whole_files.size());
    for (const auto& [name, bytes] : whole_files) {
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(merged_files.count(name) == 1u);
            if (merged_files.count(name)) BOOST_TEST((merged_files.at(name) == bytes));
        }
    }
    fs::remove_all(dir);
}

// More units than threads: --threads 2 runs two units at once, each on one thread, and writes the
// bytes of the one-thread run (its command included); --side-by-side off runs them on 2 threads.
BOOST_AUTO_TEST_CASE(units_side_by_side_write_the_bytes_of_the_one_thread_run) {
    const fs::path dir = fresh_cli_directory("reproduce_side_by_side");
    const std::string tabular = "reproduce tabular --quick --no-timings --quiet";
    const auto one = run_agop_in(tabular + " --threads 1 --out one", dir);
    BOOST_REQUIRE_MESSAGE(one.exit_code == 0, one.output);
    const auto side_by_side = run_agop_in(tabular + " --threads 2 --out side-by-side", dir);
    BOOST_REQUIRE_MESSAGE(side_by_side.exit_code == 0, side_by_side.output);
    const auto one_files = files_under(dir / "one");
    BOOST_TEST(one_files.size() > 5u);
    BOOST_TEST((files_under(dir / "side-by-side") == one_files));
    const auto two = run_agop_in(tabular + " --threads 2 --side-by-side off --out two", dir);
    BOOST_REQUIRE_MESSAGE(two.exit_code == 0, two.output);
    BOOST_TEST(read_text(dir / "two" / "report.md").find("--threads 2 --backend cpu") != std::string::npos);
    const auto bad = run_agop_in(tabular + " --side-by-side sometimes --out bad", dir);
    BOOST_TEST(bad.exit_code != 0);
    BOOST_TEST(bad.output.find("--side-by-side: expected auto or off, got 'sometimes'") != std::string::npos,
               bad.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_bad_shard_is_refused_naming_the_option_before_any_work) {
    const fs::path dir = fresh_cli_directory("reproduce_bad_shard");
    for (const std::string bad : {"0/2", "3/2", "two", "1/0"}) {
        const auto run = run_agop_in("reproduce tabular --quick --shard " + bad + " --out part", dir);
        BOOST_TEST(run.exit_code != 0);
        BOOST_TEST(run.output.find("--shard: expected i/n") != std::string::npos, run.output);
        BOOST_TEST(run.output.find("got '" + bad + "'") != std::string::npos, run.output);
        BOOST_TEST(!fs::exists(dir / "part"));
    }
    const auto both = run_agop_in("reproduce tabular --quick --shard 1/2 --merge a --out part", dir);
    BOOST_TEST(both.exit_code != 0);
    BOOST_TEST(both.output.find("--shard and --merge exclude each other") != std::string::npos, both.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
