// PNG inputs: pixels come back exactly (v / 255), grey as BT.601 luminance, files in name
// order, other sizes resized with the engine's bilinear rule or refused naming the file.

#include <cairo.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "attribution/bilinear_upsample.hpp"
#include "autodiff/error.hpp"
#include "figures/png_images.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::cli;
namespace fs = std::filesystem;

namespace {

struct Rgb8 {
    unsigned char r, g, b;
};

// Writes a w x h RGB PNG whose pixel (y, x) is pixel(y, x).
template <class F>
void write_rgb_png(const fs::path& path, int w, int h, F pixel) {
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_surface_flush(s);
    unsigned char* data = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const Rgb8 c = pixel(y, x);
            const std::uint32_t p = 0xFF000000u | (c.r << 16) | (c.g << 8) | c.b;
            std::memcpy(data + y * stride + 4 * x, &p, 4);
        }
    cairo_surface_mark_dirty(s);
    BOOST_REQUIRE(cairo_surface_write_to_png(s, path.c_str()) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

struct Folder {
    fs::path path = fs::temp_directory_path() / ("agop_test_png_" + std::to_string(::getpid()));
    Folder() { fs::create_directories(path); }
    ~Folder() { fs::remove_all(path); }
};

Rgb8 pattern(int y, int x) { return {static_cast<unsigned char>(40 * y + x), static_cast<unsigned char>(200 - x), 7}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(png_images)

BOOST_AUTO_TEST_CASE(pixels_read_back_exactly_as_rgb_or_luminance) {
    Folder dir;
    write_rgb_png(dir.path / "a.png", 3, 2, pattern);
    const Tensor rgb = read_png_image((dir.path / "a.png").string(), 3);
    BOOST_TEST(shape_string(rgb) == "(3, 2, 3)");
    const Tensor grey = read_png_image((dir.path / "a.png").string(), 1);
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x) {
            const Rgb8 c = pattern(y, x);
            BOOST_TEST(rgb(0, y, x) == c.r / 255.0f);
            BOOST_TEST(rgb(1, y, x) == c.g / 255.0f);
            BOOST_TEST(rgb(2, y, x) == c.b / 255.0f);
            BOOST_TEST(std::abs(grey(0, y, x) - (0.299f * c.r + 0.587f * c.g + 0.114f * c.b) / 255.0f) < 1e-6f);
        }
}

BOOST_AUTO_TEST_CASE(a_folder_reads_in_name_order_and_resizes_bilinearly_or_refuses) {
    Folder dir;
    for (const auto& [name, value] :
         {std::pair<const char*, unsigned char>{"b.png", 20}, {"a.png", 10}, {"c10.png", 30}, {"c2.png", 40}})
        write_rgb_png(dir.path / name, 4, 4, [v = value](int, int) { return Rgb8{v, v, v}; });
    write_rgb_png(dir.path / "d.png", 2, 2, pattern);
    std::ofstream(dir.path / "notes.txt") << "not an image";
    const PngFolder folder = read_png_folder(dir.path.string(), 1, 4, 4, true);
    BOOST_TEST(folder.files == (std::vector<std::string>{"a.png", "b.png", "c10.png", "c2.png", "d.png"}));
    BOOST_TEST(shape_string(folder.images) == "(5, 1, 4, 4)");
    BOOST_TEST(std::abs(folder.images(0, 0, 3, 3) - 10 / 255.0f) < 1e-6f);  // luminance of a grey pixel
    BOOST_TEST(std::abs(folder.images(2, 0, 0, 0) - 30 / 255.0f) < 1e-6f);
    BOOST_TEST(folder.resized == 1u);
    const Tensor small = read_png_image((dir.path / "d.png").string(), 1);
    const Tensor expected = bilinear_upsample(small, 4, 4);
    for (std::size_t i = 0; i < 16; ++i) BOOST_TEST(folder.images.data()[4 * 16 + i] == expected.data()[i]);
    expect_error_mentioning([&] { read_png_folder(dir.path.string(), 1, 4, 4, false); }, {"d.png", "2x2", "4x4"});
    BOOST_TEST(read_png_folder(dir.path.string(), 3, 0, 0, true).images.shape()[2] == 4u);  // the first image's size
}

BOOST_AUTO_TEST_CASE(bad_folders_and_files_are_named) {
    Folder dir;
    expect_error_mentioning([&] { png_files_in(dir.path.string()); }, {dir.path.string(), "no .png"});
    std::ofstream(dir.path / "broken.png") << "not a png";
    expect_error_mentioning([&] { read_png_folder(dir.path.string(), 3, 0, 0, true); }, {"broken.png", "PNG"});
    expect_error_mentioning([&] { png_files_in((dir.path / "broken.png").string()); }, {"not a folder"});
}

BOOST_AUTO_TEST_SUITE_END()
