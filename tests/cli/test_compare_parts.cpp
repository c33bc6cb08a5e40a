// agop compare --shard i/n and --merge: the merged leaderboard is the unsharded run's, byte for
// byte, whatever the order of the parts; parts of different runs, a missing or repeated part and
// a folder that is no compare part are refused by name.

#include <boost/test/unit_test.hpp>

#include "cli/compare_parts.hpp"
#include "run_agop.hpp"

namespace fs = std::filesystem;
using agop::test::read_text;
using agop::test::run_agop_in;

namespace {

// Seeded methods (SmoothGrad, KernelSHAP, random) and every metric, randomisation included.
const std::string kCompare =
    "compare --checkpoint model/model.safetensors --inputs model/test_inputs.npy --background model/background.npy "
    "--rows 40 --methods input-x-gradient,smoothgrad,kernelshap,random --kernelshap-budget 64 --stability-rows 10 "
    "--seed 5 --quiet --no-timings";

void run_ok(const std::string& command, const fs::path& dir) {
    const auto run = run_agop_in(command, dir);
    BOOST_REQUIRE_MESSAGE(run.exit_code == 0, command + "\n" + run.output);
}

void expect_refused(const std::string& command, const fs::path& dir, const std::vector<std::string>& words) {
    const auto run = run_agop_in(command, dir);
    BOOST_TEST(run.exit_code != 0, command);
    for (const auto& word : words) BOOST_TEST(run.output.find(word) != std::string::npos, word + " in " + run.output);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compare_parts)

BOOST_AUTO_TEST_CASE(blocks_are_whole_explain_blocks_and_shards_take_whole_blocks_in_order) {
    using namespace agop::cli;
    for (std::size_t n : {1u, 7u, 40u, 500u, 5000u, 300000u}) {
        const std::size_t block = compare_block_size(n);
        BOOST_TEST(block % agop::row_block_size(n) == 0u, n);
        BOOST_TEST((n + block - 1) / block <= 64u, n);
        BOOST_TEST(block >= 4u * agop::row_block_size(n), n);
    }
    // 40 rows: 10 blocks of 4; 3 shards take 4, 3 and 3 blocks.
    BOOST_TEST(compare_block_size(40) == 4u);
    const agop::RowRange a = compare_shard_rows(40, {1, 3}), b = compare_shard_rows(40, {2, 3}),
                         c = compare_shard_rows(40, {3, 3});
    BOOST_TEST(a.first == 0u);
    BOOST_TEST(a.count == 16u);
    BOOST_TEST(b.first == 16u);
    BOOST_TEST(b.count == 12u);
    BOOST_TEST(c.first == 28u);
    BOOST_TEST(c.count == 12u);
    BOOST_CHECK_THROW(compare_shard_rows(40, {1, 11}), agop::Error);
}

BOOST_AUTO_TEST_CASE(merged_parts_write_the_unsharded_leaderboard_byte_for_byte) {
    const fs::path dir = agop::test::trained_linear_model("compare_parts_merge");
    run_ok(kCompare + " --out full", dir);
    for (int i = 1; i <= 3; ++i)
        run_ok(kCompare + " --shard " + std::to_string(i) + "/3 --out p" + std::to_string(i), dir);
    run_ok("compare --merge p3 p1 p2 --quiet --out merged", dir);
    for (const char* file : {"compare.md", "compare.csv", "compare.json"})
        BOOST_TEST(read_text(dir / "full" / file) == read_text(dir / "merged" / file), file);
    BOOST_TEST(fs::exists(dir / "merged" / "compare.png"));
    // 20 rows of 20 features: the training-mean baseline (20) is one sample, not one value per row.
    std::string twenty = kCompare;
    twenty.replace(twenty.find("--rows 40"), 9, "--rows 20");
    run_ok(twenty + " --out twenty", dir);
    for (int i = 1; i <= 2; ++i)
        run_ok(twenty + " --shard " + std::to_string(i) + "/2 --out t" + std::to_string(i), dir);
    run_ok("compare --merge t1 t2 --quiet --out twenty_merged", dir);
    BOOST_TEST(read_text(dir / "twenty" / "compare.json") == read_text(dir / "twenty_merged" / "compare.json"));
}

BOOST_AUTO_TEST_CASE(merge_refuses_missing_repeated_foreign_and_mismatched_parts) {
    const fs::path dir = agop::test::trained_linear_model("compare_parts_refusals");
    for (int i = 1; i <= 2; ++i)
        run_ok(kCompare + " --shard " + std::to_string(i) + "/2 --out p" + std::to_string(i), dir);
    std::string other_seed = kCompare;
    other_seed.replace(other_seed.find("--seed 5"), 8, "--seed 6");
    run_ok(other_seed + " --shard 2/2 --out other", dir);
    run_ok(
        "explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy --method vanilla-grad "
        "--shard 1/2 --quiet --out explain_part",
        dir);
    expect_refused("compare --merge p1 --out m1", dir, {"part 2/2 (rows 20-39) is missing", "1 folders given"});
    expect_refused("compare --merge p1 p1 --out m2", dir, {"p1: duplicate of part 1/2, which p1 holds"});
    expect_refused("compare --merge p1 other --out m3", dir, {"other: options.seed is 6, but p1 has 5", "one run"});
    expect_refused("compare --merge p1 explain_part --out m4", dir, {"explain_part", "\"explain\"", "agop merge"});
    expect_refused("compare --merge p1 model --out m5", dir, {"model", "no part.json"});
    expect_refused("compare --merge p1 p2 --inputs model/test_inputs.npy --out m6", dir, {"--merge", "--inputs"});
    expect_refused("compare --merge p1 p2 --rows 20 --out m8", dir, {"--merge", "--rows"});
    expect_refused(kCompare + " --shard 11/11 --out m7", dir, {"--shard 11/11", "10 blocks"});
}

BOOST_AUTO_TEST_SUITE_END()
