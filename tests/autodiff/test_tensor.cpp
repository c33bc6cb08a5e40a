// Shape arithmetic: element_count is exact, and refuses shapes whose size overflows.

#include <boost/test/unit_test.hpp>

#include <cstdint>

#include "autodiff/tensor.hpp"
#include "support/expect_error.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(tensor_shapes)

BOOST_AUTO_TEST_CASE(element_count_multiplies_extents) {
    BOOST_TEST(element_count({}) == 1u);
    BOOST_TEST(element_count({2, 3, 4}) == 24u);
    BOOST_TEST(element_count({5, 0, 7}) == 0u);
    BOOST_TEST(element_count({std::size_t{1} << 31, std::size_t{1} << 31}) == std::size_t{1} << 62);
}

BOOST_AUTO_TEST_CASE(element_count_refuses_a_shape_that_overflows) {
    const std::size_t two_to_63 = std::size_t{1} << 63;
    expect_error_mentioning([&] { element_count({two_to_63, 30}); }, {"(9223372036854775808, 30)", "64-bit"});
    expect_error_mentioning([&] { element_count({std::size_t{1} << 48, 65536}); }, {"(281474976710656, 65536)"});
    // No elements, but the strides of the non-zero extents would still overflow.
    expect_error_mentioning([&] { element_count({0, std::size_t{1} << 32, std::size_t{1} << 32}); }, {"64-bit"});
}

BOOST_AUTO_TEST_SUITE_END()
