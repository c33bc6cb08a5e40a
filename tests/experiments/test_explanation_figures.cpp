// Explanation figures: bars sorted and folded as promised, PNG and SVG both written with the
// height the row count implies, and bad input refused.

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "figures/explanation_figures.hpp"
#include "support/expect_error.hpp"

using namespace agop::cli;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

unsigned png_height(const fs::path& path) {
    const std::string b = read_bytes(path);
    BOOST_REQUIRE(b.size() > 24 && b.substr(1, 3) == "PNG");
    auto byte = [&](int i) { return static_cast<unsigned>(static_cast<unsigned char>(b[i])); };
    return byte(20) << 24 | byte(21) << 16 | byte(22) << 8 | byte(23);
}

fs::path fresh_dir(const std::string& name) {
    const auto dir =
        fs::temp_directory_path() / ("agop_explanation_figures_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explanation_figures)

BOOST_AUTO_TEST_CASE(bars_are_sorted_by_magnitude_and_the_tail_is_folded_into_one_bar) {
    BarChart chart;
    chart.labels = {"a", "b", "c", "d", "e"};
    chart.values = {0.1, -3.0, 2.0, -0.5, 0.25};
    chart.max_bars = 3;
    const BarChart bars = sorted_bars(chart);
    BOOST_TEST(bars.labels == std::vector<std::string>({"b", "c", "3 other features"}));
    BOOST_TEST(bars.values[0] == -3.0);
    BOOST_TEST(bars.values[1] == 2.0);
    BOOST_TEST(bars.values[2] == 0.1 - 0.5 + 0.25, boost::test_tools::tolerance(1e-12));
    chart.max_bars = 5;
    BOOST_TEST(sorted_bars(chart).labels == std::vector<std::string>({"b", "c", "d", "e", "a"}));
}

BOOST_AUTO_TEST_CASE(png_and_svg_are_written_and_grow_with_the_rows) {
    const fs::path dir = fresh_dir("sizes");
    BarChart small{"small", "attribution", {"x = 1", "y = 2"}, {0.5, -0.25}};
    BarChart large{"large", "attribution", {"a", "b", "c", "d", "e", "f"}, {1, 2, 3, -4, 5, -6}};
    write_figure(small, (dir / "small").string());
    write_figure(large, (dir / "large").string());
    BOOST_TEST(png_height(dir / "large.png") - png_height(dir / "small.png") == 4u * 24u);  // 24 px per bar
    const std::string svg = read_bytes(dir / "small.svg");
    BOOST_TEST(svg.find("<svg") != std::string::npos);

    FeatureScatter scatter{"scatter",
                           "attribution",
                           {"age", "city"},
                           {{0.1, -0.2, 0.3}, {1.0, 0.0, -1.0}},
                           {{0.0, 0.5, 1.0}, {NAN, NAN, NAN}}};
    write_figure(scatter, (dir / "scatter").string());
    BOOST_TEST(fs::file_size(dir / "scatter.png") > 1000u);
    BOOST_TEST(fs::exists(dir / "scatter.svg"));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(inconsistent_or_non_finite_input_is_refused) {
    const fs::path dir = fresh_dir("refused");
    BarChart chart{"t", "x", {"a", "b"}, {1.0}};
    expect_error_mentioning([&] { write_figure(chart, (dir / "a").string()); }, {"2 labels for 1 values"});
    chart.values = {1.0, INFINITY};
    expect_error_mentioning([&] { write_figure(chart, (dir / "a").string()); }, {"finite"});
    FeatureScatter scatter{"s", "x", {"age"}, {{0.1, 0.2}}, {{0.5}}};
    expect_error_mentioning([&] { write_figure(scatter, (dir / "b").string()); }, {"age"});
    expect_error_mentioning(
        [&] {
            write_figure(BarChart{"t", "x", {"a"}, {1.0}}, (dir / "missing" / "c").string());
        },
        {"missing"});
    BOOST_TEST(!fs::exists(dir / "a.png"));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
