// The smoke test of the main job: `agop reproduce all --quick` writes the report and every
// table with finite numbers. (Paper numbers are not asserted: quick sizes are tiny.)

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// Every number in a table row is finite; a {mean, half_width_95} cell needs a finite mean.
bool all_finite(const nlohmann::json& value) {
    if (value.is_number()) return std::isfinite(value.get<double>());
    if (value.is_object() && value.contains("mean")) return all_finite(value["mean"]);
    if (value.is_object() || value.is_array()) {
        for (const auto& item : value) if (!all_finite(item)) return false;
    }
    return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reproduce_quick)

BOOST_AUTO_TEST_CASE(report_and_every_table_exist_with_finite_numbers) {
    const char* binary_dir = std::getenv("AGOP_BINARY_DIR");
    const char* test_dir = std::getenv("AGOP_TEST_DIR");
    BOOST_REQUIRE(binary_dir && test_dir);
    // ROAR runs on the real files when they are beside the repository (CI) or in AGOP_DATA_DIR.
    const fs::path shared_data = fs::path(test_dir) / ".." / ".." / "shared" / "data";
    std::string data_dir = std::getenv("AGOP_DATA_DIR") ? std::getenv("AGOP_DATA_DIR") : "";
    if (data_dir.empty() && fs::exists(shared_data)) data_dir = shared_data.string();
    const bool roar_expected = !data_dir.empty();
    if (!roar_expected) BOOST_TEST_MESSAGE("SKIPPED part: no Adult/Credit files, so ROAR reports only a message");

    const fs::path out = fs::temp_directory_path() / ("agop_reproduce_quick_" + std::to_string(::getpid()));
    fs::remove_all(out);
    const std::string command = "'" + std::string(binary_dir) + "/agop' reproduce all --quick --quiet --out '" +
                                out.string() + "'" + (data_dir.empty() ? "" : " --data-dir '" + data_dir + "'") +
                                " > '" + out.string() + ".log' 2>&1";
    const int status = std::system(command.c_str());
    BOOST_TEST_REQUIRE(WEXITSTATUS(status) == 0, "agop reproduce all --quick failed; see " << out.string() << ".log");
    std::ifstream log(out.string() + ".log");
    BOOST_TEST(log.peek() == std::char_traits<char>::eof(), "--quiet printed something; see " << out.string() << ".log");

    BOOST_TEST(fs::exists(out / "report.md"));
    std::ifstream json_file(out / "report.json");
    const auto report = nlohmann::json::parse(json_file);
    BOOST_TEST(report["experiments"].size() == 3u);
    std::size_t tables = 0;
    for (const auto& experiment : report["experiments"]) {
        const std::string name = experiment["name"];
        if (name == "tabular-roar" && !roar_expected) continue;
        BOOST_TEST(!experiment["tables"].empty(), name);
        BOOST_TEST(!experiment["claims"].empty(), name);
        for (const auto& table : experiment["tables"]) {
            ++tables;
            const std::string id = table["id"];
            BOOST_TEST(!table["rows"].empty(), id);
            BOOST_TEST(all_finite(table["rows"]), id);
            BOOST_TEST(fs::exists(out / (id + ".csv")), id);
        }
    }
    BOOST_TEST(tables >= 8u);
    fs::remove_all(out);
    fs::remove(out.string() + ".log");
}

BOOST_AUTO_TEST_SUITE_END()
