// agop explain --shard i/n in separate processes, then agop merge: the same files, byte for
// byte, as one unsharded agop explain; and parts that do not make one run are refused.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "run_agop.hpp"

namespace fs = std::filesystem;
using agop::test::files_under;
using agop::test::read_text;
using agop::test::run_agop_in;
using agop::test::write_text;

namespace {

// 300 rows: two numbers and a category; the label follows a fixed formula.
std::string loans_csv() {
    const char* regions[] = {"north", "south", "east"};
    std::string csv = "amount,region,years,repaid\n";
    for (int i = 0; i < 300; ++i) {
        const int amount = 10 + i * 41 % 90, region = i * 5 % 3, years = i * 11 % 30;
        csv += std::to_string(amount) + "," + regions[region] + "," + std::to_string(years) + "," +
               (amount - 20 * region + years > 50 ? "yes" : "no") + "\n";
    }
    return csv;
}

fs::path trained_loans_model(const std::string& name) {
    const fs::path dir = agop::test::fresh_cli_directory(name);
    write_text(dir / "loans.csv", loans_csv());
    const auto train = run_agop_in("train --data csv:loans.csv:repaid --epochs 20 --quiet --out model", dir);
    BOOST_REQUIRE_MESSAGE(train.exit_code == 0, train.output);
    return dir;
}

void check_same_files(const fs::path& expected, const fs::path& actual) {
    const auto want = files_under(expected), got = files_under(actual);
    BOOST_TEST(want.size() > 2u);
    for (const auto& [name, bytes] : want) {
        BOOST_TEST_CONTEXT(name) {
            const auto found = got.find(name);
            BOOST_TEST((found != got.end()), "missing in " << actual);
            if (found != got.end()) BOOST_TEST((found->second == bytes));
        }
    }
    BOOST_TEST(got.size() == want.size());
}

// Runs `explain` unsharded into `full`, as n shards (separate processes) into part-1..part-n,
// merges them (given in reverse order) into `merged`, and compares every file.
void check_sharded_run_merges_into_the_unsharded_one(const fs::path& dir, const std::string& explain, int n,
                                                     const std::string& tag) {
    auto run = run_agop_in(explain + " --quiet --out " + tag + "-full", dir);
    BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    std::string parts;
    for (int i = 1; i <= n; ++i) {
        const std::string part = tag + "-part-" + std::to_string(i);
        run = run_agop_in(
            explain + " --quiet --shard " + std::to_string(i) + "/" + std::to_string(n) + " --out " + part, dir);
        BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        parts = part + " " + parts;
    }
    run = run_agop_in("merge " + parts + "--quiet --out " + tag + "-merged", dir);
    BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    check_same_files(dir / (tag + "-full"), dir / (tag + "-merged"));
}

nlohmann::json read_json(const fs::path& path) { return nlohmann::json::parse(read_text(path)); }

// A refused command: non-zero exit, one line naming `expected`, no --out folder.
void check_refused(const fs::path& dir, const std::string& arguments, const std::string& expected) {
    BOOST_TEST_CONTEXT(arguments) {
        const auto run = run_agop_in(arguments + " --out refused", dir);
        BOOST_TEST(run.exit_code != 0);
        BOOST_TEST(run.output.find(expected) != std::string::npos, "expected '" << expected << "' in: " << run.output);
        BOOST_TEST(std::count(run.output.begin(), run.output.end(), '\n') == 1);
        BOOST_TEST(!fs::exists(dir / "refused"));
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_merge)

BOOST_AUTO_TEST_CASE(tabular_shards_merge_into_the_unsharded_files_bit_for_bit) {
    const fs::path dir = trained_loans_model("merge_tabular");
    const std::string explain = "explain --checkpoint model/model.safetensors --csv loans.csv --threads 2 ";
    check_sharded_run_merges_into_the_unsharded_one(
        dir,
        explain + "--method integrated-gradients --ig-baseline training-mean --per-column --figures --figure-rows 3", 2,
        "ig");
    check_sharded_run_merges_into_the_unsharded_one(
        dir, explain + "--method kernelshap --background model/background.npy --kernelshap-budget 64 --figures", 2,
        "ks");
    check_sharded_run_merges_into_the_unsharded_one(dir, explain + "--method lime --lime-samples 200", 3, "lime");
    check_sharded_run_merges_into_the_unsharded_one(dir, explain + "--method agop-ixg --agop-energy 0.9", 2, "ixg");
}

BOOST_AUTO_TEST_CASE(image_shards_merge_into_the_unsharded_files_bit_for_bit) {
    const fs::path dir = agop::test::fresh_cli_directory("merge_images");
    const auto train = run_agop_in("train --data xai-tris:lin:white --epochs 2 --quiet --out model", dir);
    BOOST_REQUIRE_MESSAGE(train.exit_code == 0, train.output);
    check_sharded_run_merges_into_the_unsharded_one(
        dir,
        "explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy --method smoothgrad "
        "--smoothgrad-samples 10",
        3, "smoothgrad");
}

BOOST_AUTO_TEST_CASE(a_part_states_its_rows_in_its_file_names_and_part_json) {
    const fs::path dir = trained_loans_model("merge_part_json");
    const auto run = run_agop_in(
        "explain --checkpoint model/model.safetensors --csv loans.csv --method random "
        "--seed 4 --threads 1 --shard 2/2 --out part",
        dir);
    BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    // 300 rows: 150 blocks of 2 rows, 75 blocks per shard.
    BOOST_TEST(fs::is_regular_file(dir / "part" / "attributions_random.rows-150-299.npy"));
    const auto part = read_json(dir / "part" / "part.json");
    BOOST_TEST(part.at("kind") == "explain");
    BOOST_TEST(part.at("shard_index") == 2);
    BOOST_TEST(part.at("shard_count") == 2);
    BOOST_TEST(part.at("first_row") == 150);
    BOOST_TEST(part.at("row_count") == 150);
    BOOST_TEST(part.at("total_rows") == 300);
    BOOST_TEST(part.at("method") == "random");
    BOOST_TEST(part.at("threads") == 1);
    BOOST_TEST(part.at("options").at("seed") == 4);
    BOOST_TEST(part.at("checkpoint_checksum").get<std::string>().rfind("fnv1a64:", 0) == 0);
    BOOST_TEST(part.at("inputs_checksums").contains("--csv"));
}

BOOST_AUTO_TEST_CASE(bad_shard_text_and_impossible_shards_are_refused_by_name) {
    const fs::path dir = trained_loans_model("merge_bad_shard");
    const std::string explain = "explain --checkpoint model/model.safetensors --csv loans.csv --method vanilla-grad ";
    for (const char* shard : {"0/2", "3/2", "1/0", "x/y", "2"})
        check_refused(dir, explain + "--shard " + shard, "--shard");
    check_refused(dir, explain + "--shard 1/301", "use at most 150 shards");
    check_refused(dir, explain + "--shard 1/2 --save copy.safetensors", "--shard: not with --save");
}

BOOST_AUTO_TEST_CASE(parts_that_do_not_make_one_run_are_refused_by_folder_and_field) {
    const fs::path dir = trained_loans_model("merge_refusals");
    auto train = run_agop_in("train --data csv:loans.csv:repaid --epochs 20 --seed 9 --quiet --out other", dir);
    BOOST_REQUIRE_MESSAGE(train.exit_code == 0, train.output);
    const std::string ig = "explain --csv loans.csv --method integrated-gradients --quiet ";
    const std::string model = "--checkpoint model/model.safetensors ";
    for (const auto& [arguments, out] : std::map<std::string, std::string>{
             {ig + model + "--shard 1/2", "p1"},
             {ig + model + "--shard 2/2", "p2"},
             {ig + model + "--shard 1/3", "q1"},
             {ig + model + "--shard 2/2 --ig-steps 20", "s2"},
             {ig + "--checkpoint other/model.safetensors --shard 2/2", "c2"},
             {"explain --csv loans.csv --method smoothgrad --quiet " + model + "--shard 2/2", "m2"}}) {
        const auto run = run_agop_in(arguments + " --out " + out, dir);
        BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    }
    check_refused(dir, "merge p1", "part 2/2 (rows 150-299) is missing");
    auto run = run_agop_in("merge p1 p2 --force --out p1", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("--out p1: holds the input p1") != std::string::npos, run.output);
    BOOST_TEST(fs::is_regular_file(dir / "p1" / "part.json"));
    check_refused(dir, "merge p1 p2 p2", "p2: duplicate of part 2/2");
    check_refused(dir, "merge p1 q1", "q1: shard_count is 3, but p1 has 2");
    check_refused(dir, "merge p1 m2", "m2: method is \"smoothgrad\"");
    check_refused(dir, "merge p1 c2", "c2: checkpoint_checksum");
    check_refused(dir, "merge p1 s2", "s2: options.ig_steps is 20, but p1 has 50");

    fs::copy(dir / "p2", dir / "o2");
    auto part = read_json(dir / "o2" / "part.json");
    part["first_row"] = 100;
    write_text(dir / "o2" / "part.json", part.dump());
    check_refused(dir, "merge p1 o2", "o2: rows 100-249 are not those of part 2/2 (150-299)");

    fs::copy(dir / "p2", dir / "k2");
    part = read_json(dir / "k2" / "part.json");
    part["openblas_core"] = "OtherCore";
    write_text(dir / "k2" / "part.json", part.dump());
    check_refused(dir, "merge p1 k2", "k2: openblas_core is \"OtherCore\"");
    fs::copy(dir / "p1", dir / "k1");
    part = read_json(dir / "k1" / "part.json");
    part["openblas_core"] = "OtherCore";
    write_text(dir / "k1" / "part.json", part.dump());
    check_refused(dir, "merge k1 k2", "run it with OPENBLAS_CORETYPE=OtherCore");

    // A hand-edited option is checked against the option table's range, as the command line is.
    fs::copy(dir / "p1", dir / "i1");
    fs::copy(dir / "p2", dir / "i2");
    for (const char* folder : {"i1", "i2"}) {
        part = read_json(dir / folder / "part.json");
        part["options"]["ig_steps"] = 0;
        write_text(dir / folder / "part.json", part.dump());
    }
    check_refused(dir, "merge i1 i2", "i1/part.json: option ig_steps is 0; expected a whole number from 2 to 100000");

    fs::create_directories(dir / "r1");
    write_text(dir / "r1" / "part.json", R"({"kind": "reproduce"})");
    check_refused(dir, "merge r1", "use `agop reproduce --merge`");
    check_refused(dir, "merge model", "model: no part.json");

    write_text(dir / "loans.csv", loans_csv() + "10,north,3,yes\n");
    check_refused(dir, "merge p1 p2", "--csv has changed since the parts were written");
}

BOOST_AUTO_TEST_CASE(the_cluster_example_run_locally_merges_into_the_unsharded_files) {
    // examples/cluster/run-locally.sh: the shards of agop-shard.sh as background processes, then
    // the merge, as the Slurm and Kubernetes examples run them.
    const fs::path dir = trained_loans_model("merge_cluster_example");
    const char* tests = std::getenv("AGOP_TEST_DIR");
    BOOST_REQUIRE_MESSAGE(tests, "AGOP_TEST_DIR is not set (ctest sets it)");
    const std::string options = "--checkpoint model/model.safetensors --csv loans.csv --method smoothgrad --figures";
    const auto full = run_agop_in("explain " + options + " --threads 2 --quiet --out full", dir);
    BOOST_REQUIRE_MESSAGE(full.exit_code == 0, full.output);
    const std::string command = "cd '" + dir.string() + "' && AGOP=" + agop::test::agop_binary() +
                                " AGOP_WORK=work AGOP_THREADS=2 EXPLAIN_ARGS='" + options + "' sh '" + tests +
                                "/../examples/cluster/run-locally.sh' explain 3 > example.log 2>&1";
    const int status = std::system(command.c_str());
    BOOST_REQUIRE_MESSAGE(WEXITSTATUS(status) == 0, read_text(dir / "example.log"));
    BOOST_TEST(fs::is_regular_file(dir / "work" / "explain-parts" / "part-3" / "part.json"));
    check_same_files(dir / "full", dir / "work" / "explain");
}

BOOST_AUTO_TEST_SUITE_END()
