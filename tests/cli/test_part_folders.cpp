// The one reader of the part folders of `agop explain|compare|reproduce --shard`: the parts come
// back in shard order whatever the order given; a missing or repeated part, a part of another
// command and parts that differ in a header or same-run field are refused naming the folder.

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/part_folders.hpp"
#include "run_agop.hpp"
#include "support/expect_error.hpp"

namespace fs = std::filesystem;
using namespace agop::cli;
using nlohmann::json;

namespace {

// A compare-like format: 40 rows in 4 shards of 10 rows, which the missing-part message names.
PartFormat ten_row_parts() {
    return {"compare", {"total_rows", "options"}, [](const PartFolder& first, const Shard& missing) {
                const auto total = part_field<std::size_t>(first, first.meta, "total_rows");
                return "rows " + row_range_text({(missing.index - 1) * total / missing.count, total / missing.count});
            }};
}

// Writes `dir`/part.json: the header of part `shard` of kind `kind` and the fields of one run.
std::string write_part(const fs::path& dir, const std::string& kind, Shard shard, int seed = 5, int threads = 1) {
    fs::create_directories(dir);
    json meta = part_header(kind, shard, threads);
    meta.update({{"total_rows", 40}, {"options", {{"seed", seed}, {"rows", 40}}}});
    agop::test::write_text(dir / "part.json", meta.dump());
    return dir.string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(part_folders)

BOOST_AUTO_TEST_CASE(parts_given_in_any_order_come_back_in_shard_order) {
    const fs::path dir = agop::test::fresh_cli_directory("part_folders_order");
    std::vector<std::string> dirs;
    for (std::size_t i : {3, 1, 4, 2}) dirs.push_back(write_part(dir / ("p" + std::to_string(i)), "compare", {i, 4}));
    const std::vector<PartFolder> parts = read_part_folders(dirs, ten_row_parts());
    BOOST_TEST_REQUIRE(parts.size() == 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        BOOST_TEST(parts[i].shard.index == i + 1);
        BOOST_TEST(parts[i].shard.count == 4u);
        BOOST_TEST(parts[i].dir == (dir / ("p" + std::to_string(i + 1))).string());
        BOOST_TEST(parts[i].meta.at("total_rows") == 40);
    }
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_missing_part_is_named_with_what_it_would_hold) {
    const fs::path dir = agop::test::fresh_cli_directory("part_folders_missing");
    const std::vector<std::string> dirs{write_part(dir / "a", "compare", {1, 4}),
                                        write_part(dir / "b", "compare", {2, 4}),
                                        write_part(dir / "c", "compare", {4, 4})};
    expect_error_mentioning([&] { read_part_folders(dirs, ten_row_parts()); },
                            {"part 3/4 (rows 20-29) is missing: none of the 3 folders given holds it"});
    PartFormat plain = ten_row_parts();
    plain.describe = nullptr;
    expect_error_mentioning([&] { read_part_folders(dirs, plain); }, {"part 3/4 is missing"});
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_repeated_part_is_refused_naming_both_folders) {
    const fs::path dir = agop::test::fresh_cli_directory("part_folders_repeated");
    const std::vector<std::string> dirs{write_part(dir / "first", "compare", {1, 2}),
                                        write_part(dir / "again", "compare", {1, 2}),
                                        write_part(dir / "second", "compare", {2, 2})};
    expect_error_mentioning(
        [&] { read_part_folders(dirs, ten_row_parts()); },
        {(dir / "again").string() + ": duplicate of part 1/2, which " + (dir / "first").string() + " holds"});
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_part_of_another_command_is_refused_naming_its_merge) {
    const fs::path dir = agop::test::fresh_cli_directory("part_folders_other_command");
    const std::string mine = write_part(dir / "mine", "compare", {1, 2});
    const std::string theirs = write_part(dir / "theirs", "reproduce", {2, 2});
    expect_error_mentioning(
        [&] {
            read_part_folders({mine, theirs}, ten_row_parts());
        },
        {theirs + " is a part of `agop reproduce` (kind \"reproduce\")", "use `agop reproduce --merge`"});
    const std::string explain = write_part(dir / "explain", "explain", {2, 2});
    expect_error_mentioning([&] { read_part_folders({mine, explain}, ten_row_parts()); }, {"use `agop merge`"});
    const std::string unknown = write_part(dir / "unknown", "train", {2, 2});
    expect_error_mentioning(
        [&] {
            read_part_folders({mine, unknown}, ten_row_parts());
        },
        {"part.json: kind is \"train\"; expected \"compare\""});
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(parts_of_different_runs_are_refused_naming_the_field_and_both_folders) {
    const fs::path dir = agop::test::fresh_cli_directory("part_folders_mismatch");
    const std::string one = write_part(dir / "one", "compare", {1, 2});
    const std::string seed = write_part(dir / "seed", "compare", {2, 2}, 6);
    expect_error_mentioning(
        [&] {
            read_part_folders({one, seed}, ten_row_parts());
        },
        {seed + ": options.seed is 6, but " + one + " has 5; all parts must come from one run"});
    const std::string threads = write_part(dir / "threads", "compare", {2, 2}, 5, 2);
    expect_error_mentioning(
        [&] {
            read_part_folders({one, threads}, ten_row_parts());
        },
        {threads + ": threads is 2, but " + one + " has 1"});
    const std::string three = write_part(dir / "three", "compare", {2, 3});
    expect_error_mentioning(
        [&] {
            read_part_folders({one, three}, ten_row_parts());
        },
        {three + ": shard_count is 3, but " + one + " has 2"});
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(folders_that_hold_no_readable_part_are_refused_by_name) {
    const fs::path dir = agop::test::fresh_cli_directory("part_folders_unreadable");
    expect_error_mentioning([&] { read_part_folders({}, ten_row_parts()); }, {"--merge: expected at least one"});
    expect_error_mentioning([&] { read_part_folders({(dir / "nowhere").string()}, ten_row_parts()); },
                            {"nowhere: not a folder; expected a folder written by `agop compare --shard i/n`"});
    fs::create_directories(dir / "empty");
    expect_error_mentioning([&] { read_part_folders({(dir / "empty").string()}, ten_row_parts()); },
                            {"empty: no part.json"});
    const std::string index = write_part(dir / "index", "compare", {3, 2});
    expect_error_mentioning([&] { read_part_folders({index}, ten_row_parts()); }, {"shard_index 3 is not in 1..2"});
    fs::create_directories(dir / "typed");
    agop::test::write_text(dir / "typed" / "part.json", R"({"kind": "compare", "shard_index": "one"})");
    expect_error_mentioning([&] { read_part_folders({(dir / "typed").string()}, ten_row_parts()); },
                            {"typed/part.json: field shard_index is missing or not of the expected type"});
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_part_holds_the_rows_of_its_shard_or_is_refused) {
    const PartFolder part{"p2", {{"first_row", 10}, {"row_count", 10}}, {2, 4}};
    const agop::RowRange rows = part_rows(part, {10, 10});
    BOOST_TEST(rows.first == 10u);
    BOOST_TEST(rows.count == 10u);
    expect_error_mentioning([&] { part_rows(part, {20, 10}); }, {"p2: rows 10-19 are not those of part 2/4 (20-29)"});
}

BOOST_AUTO_TEST_SUITE_END()
