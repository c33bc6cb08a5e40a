// `agop reproduce images --clevr-xai DIR --quick` on the tiny fixture in the release's layout
// (tests/fixtures/clevr_xai): the CLEVR part runs on the real-data reader and is reported as
// CLEVR-XAI, not as the stand-in; a bad folder is refused before any training.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "run_agop.hpp"

namespace fs = std::filesystem;
using agop::test::fresh_cli_directory;
using agop::test::run_agop_in;

namespace {

std::string fixture() {
    const char* tests = std::getenv("AGOP_TEST_DIR");
    BOOST_REQUIRE_MESSAGE(tests, "AGOP_TEST_DIR is not set (ctest sets it)");
    return (fs::path(tests) / "fixtures" / "clevr_xai").string();
}

bool all_finite(const nlohmann::json& value) {
    if (value.is_number()) return std::isfinite(value.get<double>());
    if (value.is_object() && value.contains("mean")) return all_finite(value["mean"]);
    if (value.is_object() || value.is_array()) {
        for (const auto& item : value)
            if (!all_finite(item)) return false;
    }
    return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reproduce_clevr_xai)

BOOST_AUTO_TEST_CASE(the_fixture_runs_end_to_end_and_is_reported_as_clevr_xai) {
    const auto dir = fresh_cli_directory("clevr_xai");
    const auto run = run_agop_in("reproduce images --quick --quiet --clevr-xai '" + fixture() + "' --out out", dir);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
    std::ifstream json_file(dir / "out" / "report.json");
    const auto report = nlohmann::json::parse(json_file);
    const auto& images = report["experiments"][0];
    BOOST_TEST(images["name"] == "images");

    const nlohmann::json* clevr = nullptr;
    for (const auto& table : images["tables"]) {
        BOOST_TEST(table["id"] != "clevr_style", "the stand-in ran although --clevr-xai was given");
        if (table["id"] == "clevr_xai") clevr = &table;
    }
    BOOST_TEST_REQUIRE(clevr != nullptr);
    const std::string title = (*clevr)["title"];
    BOOST_TEST(title.rfind("CLEVR-XAI,", 0) == 0u, title);
    BOOST_TEST(title.find("stand-in") == std::string::npos, title);
    BOOST_TEST((*clevr)["rows"].size() == 8u);  // one per method
    BOOST_TEST(all_finite((*clevr)["rows"]));
    BOOST_TEST(fs::exists(dir / "out" / "clevr_xai.csv"));
    BOOST_TEST(fs::exists(dir / "out" / "clevr_xai.png"));

    for (const auto& table : images["tables"]) {
        if (table["id"] != "pointing_game_published") continue;
        for (const auto& row : table["rows"])
            if (row["row"] == "clevr-xai")
                BOOST_TEST(row["verdict (AGOP-Weighted)"].get<std::string>().find("stand-in") == std::string::npos);
    }
    for (const auto& claim : images["claims"])
        BOOST_TEST(claim["evidence"].get<std::string>().find("stand-in") == std::string::npos,
                   claim["evidence"].get<std::string>());
    const std::string text = agop::test::read_text(dir / "out" / "report.md");
    BOOST_TEST(text.find("The real CLEVR-XAI release read from") != std::string::npos);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_folder_without_the_release_is_refused_before_any_training) {
    const auto dir = fresh_cli_directory("clevr_xai_missing");
    fs::create_directories(dir / "empty");
    const auto run = run_agop_in("reproduce images --quick --quiet --clevr-xai empty --out out", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("empty/CLEVR_questions.json") != std::string::npos, run.output);
    BOOST_TEST(!fs::exists(dir / "out" / "report.md"));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(the_option_is_refused_outside_the_image_experiment) {
    const auto dir = fresh_cli_directory("clevr_xai_tabular");
    const auto run = run_agop_in("reproduce tabular --quick --quiet --clevr-xai '" + fixture() + "' --out out", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("--clevr-xai applies to images") != std::string::npos, run.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
