// Attribution overlays: positive attribution shows red, negative blue, none the grey input;
// the colour bar runs from red (top) to blue (bottom) for signed maps; a long title widens
// the figure.

#include <cairo.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "autodiff/error.hpp"
#include "figures/attribution_overlay.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::cli;

namespace {

struct Pixel {
    int r, g, b;
};

Pixel pixel_at(cairo_surface_t* s, int x, int y) {
    std::uint32_t p;
    std::memcpy(&p, cairo_image_surface_get_data(s) + y * cairo_image_surface_get_stride(s) + 4 * x, 4);
    return {static_cast<int>((p >> 16) & 0xFF), static_cast<int>((p >> 8) & 0xFF), static_cast<int>(p & 0xFF)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(attribution_overlay)

BOOST_AUTO_TEST_CASE(signed_attribution_is_red_where_positive_blue_where_negative_grey_elsewhere) {
    const auto path =
        (std::filesystem::temp_directory_path() / ("agop_overlay_" + std::to_string(::getpid()) + ".png")).string();
    Tensor image = filled({3, 4, 4}, 0.5f);
    image(0, 0, 0) = 0.0f;  // the grey scale runs from this pixel (black) to 0.5 (white)
    Tensor attribution = filled({3, 4, 4}, 0.0f);
    attribution(0, 1, 1) = 2.0f;   // row 1, column 1: strongly positive
    attribution(1, 2, 2) = -2.0f;  // row 2, column 2: strongly negative
    write_attribution_overlay(image, attribution, "test", path);
    cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
    BOOST_REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
    // Layout of the writer: cells of ceil(224 / 4) = 56 px from (12, 34).
    auto cell = [&](int row, int col) { return pixel_at(s, 12 + 56 * col + 28, 34 + 56 * row + 28); };
    const Pixel red = cell(1, 1), blue = cell(2, 2), plain = cell(3, 3);
    BOOST_TEST(red.r > red.g + 100);  // red (0.75, 0.1, 0.1) at opacity 0.75 over white
    BOOST_TEST(red.g == red.b);
    BOOST_TEST(blue.b > blue.r + 100);  // blue (0.1, 0.4, 0.75) at opacity 0.75 over white
    BOOST_TEST(blue.g > blue.r);
    BOOST_TEST(plain.r == plain.g);  // no attribution: the grey input
    BOOST_TEST(plain.g == plain.b);
    BOOST_TEST(plain.r > 200);  // 0.5 is the image's maximum, white after min-max scaling
    const int bar_x = 12 + 224 + 12 + 7;
    BOOST_TEST(pixel_at(s, bar_x, 36).r > 180);  // top of the bar: +max, red
    BOOST_TEST(pixel_at(s, bar_x, 36).g < 60);
    BOOST_TEST(pixel_at(s, bar_x, 34 + 222).b > 180);  // bottom: -max, blue
    cairo_surface_destroy(s);
    std::filesystem::remove(path);
    const std::string long_title(80, 'x');
    write_attribution_overlay(image, attribution, long_title, path);
    cairo_surface_t* wide = cairo_image_surface_create_from_png(path.c_str());
    BOOST_TEST(cairo_image_surface_get_width(wide) > 12 + 224 + 12 + 14 + 56);
    cairo_surface_destroy(wide);
    std::filesystem::remove(path);
    expect_error_mentioning(
        [&] {
            write_attribution_overlay(image, filled({3, 4, 5}, 0.0f), "t", path);
        },
        {"same shape"});
}

BOOST_AUTO_TEST_SUITE_END()
