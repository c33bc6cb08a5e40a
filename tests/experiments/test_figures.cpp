// Figures: the PNGs exist, are PNGs, and have the size the layout implies.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "figures/figures.hpp"
#include "support/file_size_limit.hpp"

using namespace agop;
using namespace agop::cli;

namespace {

// Width and height from a PNG's IHDR chunk (big-endian at bytes 16..23).
std::pair<unsigned, unsigned> png_size(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char header[24] = {};
    in.read(reinterpret_cast<char*>(header), 24);
    BOOST_TEST(header[1] == 'P');
    BOOST_TEST(header[2] == 'N');
    auto be = [&](int i) { return (header[i] << 24) | (header[i + 1] << 16) | (header[i + 2] << 8) | header[i + 3]; };
    return {static_cast<unsigned>(be(16)), static_cast<unsigned>(be(20))};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(figures)

BOOST_AUTO_TEST_CASE(heatmap_grid_is_a_png_sized_by_its_panels) {
    const auto path = (std::filesystem::temp_directory_path() / "agop_test_grid.png").string();
    Rng rng(1);
    HeatmapPanel image{rng.uniform_tensor({3, 8, 8})}, signed_map{rng.normal_tensor({8, 8}), true},
        mask{rng.uniform_tensor({8, 8})};
    write_png(HeatmapGrid{"", "test", {"image", "mask", "grad"}, {"a", "b"},
                          {{image, mask, signed_map}, {image, mask, signed_map}}},
              path);
    const auto [w, h] = png_size(path);
    BOOST_TEST(w == 110u + 3 * 104 + 8);
    BOOST_TEST(h == 56u + 2 * 104 + 8);
    std::filesystem::remove(path);
}

BOOST_AUTO_TEST_CASE(ragged_grids_and_bad_panels_are_refused) {
    const auto path = (std::filesystem::temp_directory_path() / "agop_test_bad.png").string();
    HeatmapPanel ok{filled({4, 4}, 1.0f)}, bad{filled({2, 4, 4}, 1.0f)};
    BOOST_CHECK_THROW(write_png(HeatmapGrid{"", "t", {"a", "b"}, {"r"}, {{ok}}}, path), Error);
    BOOST_CHECK_THROW(write_png(HeatmapGrid{"", "t", {"a"}, {"r"}, {{bad}}}, path), Error);
}

BOOST_AUTO_TEST_CASE(line_chart_is_written_and_unequal_series_refused) {
    const auto path = (std::filesystem::temp_directory_path() / "agop_test_chart.png").string();
    write_png(LineChart{"", "ROAR", "fraction removed", "ROC-AUC", {{"a", {0, 0.5, 1}, {0.9, 0.7, 0.5}}}}, path);
    const auto [w, h] = png_size(path);
    BOOST_TEST(w == 720u);
    BOOST_TEST(h == 440u);
    std::filesystem::remove(path);
    BOOST_CHECK_THROW(write_png(LineChart{"", "t", "x", "y", {{"a", {0, 1}, {1}}}}, path), Error);
}

BOOST_AUTO_TEST_CASE(a_figure_that_cannot_be_written_is_an_error_naming_it_and_leaves_no_file) {
    const auto dir = std::filesystem::temp_directory_path() / ("agop_test_figure_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const LineChart chart{"c.png", "chart", "x", "y", {{"s", {0, 1}, {1, 2}}}};
    const std::string missing_folder = (dir / "missing" / "c.png").string();
    try {
        write_png(chart, missing_folder);
        BOOST_ERROR("no error for a missing folder");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find(missing_folder) != std::string::npos, e.what());
    }
    try {
        const agop::testing::FileSizeLimit full_disk(100);
        write_png(chart, (dir / "c.png").string());
        BOOST_ERROR("no error on a full disk");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find((dir / "c.png").string()) != std::string::npos, e.what());
    }
    BOOST_TEST(std::filesystem::is_empty(dir));
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
