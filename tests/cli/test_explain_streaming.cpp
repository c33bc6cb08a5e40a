// agop explain reads, explains and writes its rows a step at a time: the step (--block-rows)
// changes no byte of any file, .npy rows stream as CSV rows do, and a bad cell far into the
// file stops the run with its file and line and leaves no output folder behind.

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "run_agop.hpp"

namespace fs = std::filesystem;
using agop::test::files_under;
using agop::test::read_text;
using agop::test::run_agop_in;
using agop::test::write_text;

namespace {

// `rows` rows of two numbers and a category; the label follows a fixed formula. `bad_line`
// (a file line, the header being line 1) holds a word where a number belongs.
std::string loans_csv(int rows, int bad_line = 0) {
    const char* regions[] = {"north", "south", "east"};
    std::string csv = "amount,region,years,repaid\n";
    for (int i = 0; i < rows; ++i) {
        const int amount = 10 + i * 41 % 90, region = i * 5 % 3, years = i * 11 % 30;
        const std::string amount_cell = i + 2 == bad_line ? "lots" : std::to_string(amount);
        csv += amount_cell + "," + regions[region] + "," + std::to_string(years) + "," +
               (amount - 20 * region + years > 50 ? "yes" : "no") + "\n";
    }
    return csv;
}

fs::path trained_loans_model(const std::string& name) {
    const fs::path dir = agop::test::fresh_cli_directory(name);
    write_text(dir / "train.csv", loans_csv(300));
    const auto train = run_agop_in("train --data csv:train.csv:repaid --epochs 10 --quiet --out model", dir);
    BOOST_REQUIRE_MESSAGE(train.exit_code == 0, train.output);
    return dir;
}

// Runs `explain` with each step of rows and checks every file against the first run's.
void check_steps_change_no_byte(const fs::path& dir, const std::string& explain, const std::string& tag) {
    std::map<std::string, std::string> first;
    for (const char* step : {"1", "7", "1000000"}) {
        const std::string out = tag + "-" + step;
        const auto run = run_agop_in(explain + " --quiet --block-rows " + step + " --out " + out, dir);
        BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        const auto files = files_under(dir / out);
        if (first.empty()) {
            first = files;
            BOOST_TEST(first.size() > 2u);
            continue;
        }
        BOOST_TEST(files.size() == first.size());
        for (const auto& [name, bytes] : first) BOOST_TEST_CONTEXT(tag << " step " << step << ": " << name) {
                BOOST_TEST((files.count(name) == 1 && files.at(name) == bytes));
            }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_streaming)

// 2,600 rows make blocks of 11 rows on the grid and a figure sample of 100 rows drawn from
// all of them: steps of 1 (one block), 7 (one block), 1e6 (every row) read the file differently.
BOOST_AUTO_TEST_CASE(the_step_of_rows_changes_no_byte_of_any_file) {
    const fs::path dir = trained_loans_model("stream_steps");
    write_text(dir / "rows.csv", loans_csv(2600));
    check_steps_change_no_byte(dir,
                               "explain --checkpoint model/model.safetensors --csv rows.csv --method "
                               "integrated-gradients --figures --figure-rows 2 --figure-sample 100 --per-column",
                               "ig");
    check_steps_change_no_byte(dir,
                               "explain --checkpoint model/model.safetensors --csv rows.csv --method smoothgrad "
                               "--smoothgrad-samples 4 --seed 3",
                               "smoothgrad");
    const std::string scatter = read_text(dir / "ig-1/figures_integrated-gradients/scatter.svg");
    BOOST_TEST(fs::exists(dir / "ig-1/figures_integrated-gradients/scatter.png"));
    BOOST_TEST(scatter.size() > 0u);
}

// The test split agop train wrote (encoded rows, .npy), read by offset a step at a time.
BOOST_AUTO_TEST_CASE(npy_rows_give_the_same_files_for_any_step) {
    const fs::path dir = trained_loans_model("stream_npy");
    check_steps_change_no_byte(
        dir,
        "explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy --method lime --lime-samples 50",
        "npy");
}

BOOST_AUTO_TEST_CASE(a_bad_cell_deep_in_the_file_names_its_line_and_leaves_no_output) {
    const fs::path dir = trained_loans_model("stream_bad_cell");
    write_text(dir / "rows.csv", loans_csv(3000, 2801));
    const auto run = run_agop_in(
        "explain --checkpoint model/model.safetensors --csv rows.csv --method integrated-gradients --block-rows 100 "
        "--quiet --out out",
        dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("rows.csv") != std::string::npos, run.output);
    BOOST_TEST(run.output.find("2801") != std::string::npos, run.output);
    BOOST_TEST(run.output.find("lots") != std::string::npos, run.output);
    BOOST_TEST(!fs::exists(dir / "out"));
    for (const auto& entry : fs::directory_iterator(dir))
        BOOST_TEST(entry.path().filename().string().find("out") != 0, "left behind: " << entry.path());
}

BOOST_AUTO_TEST_SUITE_END()
