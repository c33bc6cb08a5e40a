// The reproduce report: every table, claim and figure lands in report.md, CSV, JSON and PNG.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "autodiff/error.hpp"
#include "experiments/report_writer.hpp"
#include "support/file_size_limit.hpp"

using namespace agop;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(report_writer)

BOOST_AUTO_TEST_CASE(tables_claims_and_figures_are_all_written) {
    ExperimentResult r;
    r.name = "demo";
    Table t;
    t.id = "demo_table";
    t.title = "Demo table";
    t.columns = {"method", "score"};
    t.add_row({Cell::of_text("agop-ixg"), Cell::of_interval(0.9, 0.01)});
    r.tables.push_back(t);
    r.claims.push_back({"AGOP-IxG", "AGOP-IxG leads", true, "0.90 vs 0.80"});
    r.charts.push_back({"demo_chart.png", "Demo chart", "x", "y", {{"s", {0, 1}, {1, 2}}}});
    r.configuration["k"] = "95% of trace (documented choice)";
    r.messages.push_back("ROAR skipped: no data");

    const fs::path dir = fs::temp_directory_path() / ("agop_report_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    cli::RunRecord run{"agop reproduce demo", ReproduceOptions{}, 2, 12.0};
    cli::write_report(dir, {r}, run);

    std::ifstream md_file(dir / "report.md");
    std::stringstream md;
    md << md_file.rdbuf();
    for (const char* expected : {"agop reproduce demo", "### Demo table", "| agop-ixg | 0.900 ± 0.010 |",
                                 "| AGOP-IxG | AGOP-IxG leads | supported | 0.90 vs 0.80 |", "![Demo chart](demo_chart.png)",
                                 "> ROAR skipped: no data", "documented choice"})
        BOOST_TEST(md.str().find(expected) != std::string::npos, expected);
    BOOST_TEST(fs::exists(dir / "demo_table.csv"));
    BOOST_TEST(fs::file_size(dir / "demo_chart.png") > 100u);
    std::ifstream json_file(dir / "report.json");
    const auto json = nlohmann::json::parse(json_file);
    BOOST_TEST(json["experiments"][0]["tables"][0]["rows"][0]["score"]["mean"].get<double>() == 0.9);
    BOOST_TEST(json["experiments"][0]["claims"][0]["supported"].get<bool>());
    fs::remove_all(dir);
}

namespace {

std::map<std::string, std::string> files_in(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        files[entry.path().filename().string()] = bytes.str();
    }
    return files;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_full_disk_is_an_error_naming_the_file_and_no_file_is_left_half_written) {
    ExperimentResult r;
    r.name = "demo";
    Table t;
    t.id = "demo_table";
    t.title = "Demo table";
    t.columns = {"method", "score"};
    for (int i = 0; i < 50; ++i) t.add_row({Cell::of_text("method " + std::to_string(i)), Cell::of_interval(0.5, 0.01)});
    r.tables.push_back(t);
    r.charts.push_back({"demo_chart.png", "Demo chart", "x", "y", {{"s", {0, 1}, {1, 2}}}});
    const cli::RunRecord run{"agop reproduce demo", ReproduceOptions{}, 1, 1.0};
    const fs::path base = fs::temp_directory_path() / ("agop_report_full_" + std::to_string(::getpid()));
    fs::remove_all(base);
    fs::create_directories(base / "whole");
    cli::write_report(base / "whole", {r}, run);
    const auto whole = files_in(base / "whole");
    // A limit one byte short of each file in turn (so each is the first or a later one to fail).
    for (const auto& [failing, content] : whole) {
        const rlim_t limit = content.size() - 1;
        const fs::path dir = base / ("short_of_" + failing);
        fs::create_directories(dir);
        try {
            const agop::testing::FileSizeLimit full_disk(limit);
            cli::write_report(dir, {r}, run);
            BOOST_ERROR("no error at a limit of " << limit << " bytes");
        } catch (const Error& e) {
            BOOST_TEST(std::string(e.what()).find(dir.string() + "/") == 0u, e.what());
        }
        for (const auto& [name, bytes] : files_in(dir)) {
            BOOST_TEST_REQUIRE(whole.count(name) == 1u, name << " (a temporary file?) at " << limit);
            if (name != "report.md") BOOST_TEST(bytes == whole.at(name), name << " differs at " << limit);
        }
    }
    fs::remove_all(base);
}

BOOST_AUTO_TEST_SUITE_END()
