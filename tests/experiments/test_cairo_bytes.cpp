// Cairo output: the write callback appends what it is given; a surface is written as a PNG
// of its size, and a surface Cairo cannot encode is refused by the caller's name.

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "figures/cairo_bytes.hpp"
#include "support/expect_error.hpp"

using namespace agop::cli;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(cairo_bytes)

BOOST_AUTO_TEST_CASE(the_write_callback_appends_to_the_string) {
    std::string bytes = "ab";
    const unsigned char more[] = {'c', 'd', 'e'};
    BOOST_TEST(append_to_string(&bytes, more, 3) == CAIRO_STATUS_SUCCESS);
    BOOST_TEST(bytes == "abcde");
}

BOOST_AUTO_TEST_CASE(a_surface_is_written_as_a_png_of_its_size) {
    const fs::path path = fs::temp_directory_path() / ("agop_cairo_bytes_" + std::to_string(::getpid()) + ".png");
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 7, 5);
    write_png_and_destroy(surface, path.string(), "test figure");
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    const std::string b = s.str();
    fs::remove(path);
    BOOST_REQUIRE(b.size() > 24);
    BOOST_TEST(b.substr(1, 3) == "PNG");
    auto byte = [&](int i) { return static_cast<unsigned>(static_cast<unsigned char>(b[i])); };
    BOOST_TEST((byte(16) << 24 | byte(17) << 16 | byte(18) << 8 | byte(19)) == 7u);
    BOOST_TEST((byte(20) << 24 | byte(21) << 16 | byte(22) << 8 | byte(23)) == 5u);
}

BOOST_AUTO_TEST_CASE(a_surface_in_error_is_refused_with_the_callers_words) {
    // A surface of impossible size is Cairo's "nil" surface in an error state.
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, -1, 5);
    const fs::path path = fs::temp_directory_path() / ("agop_cairo_bytes_bad_" + std::to_string(::getpid()) + ".png");
    expect_error_mentioning([&] { write_png_and_destroy(surface, path.string(), "test figure x.png"); },
                            {"test figure x.png: "});
    BOOST_TEST(!fs::exists(path));
}

BOOST_AUTO_TEST_SUITE_END()
