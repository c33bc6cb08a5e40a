#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "data/float16.hpp"

using agop::round_to_float16;

BOOST_AUTO_TEST_SUITE(float16)

BOOST_AUTO_TEST_CASE(representable_values_are_unchanged) {
    for (double v : {0.0, 1.0, -1.0, 0.5, 1.5, 65504.0, std::ldexp(1.0, -14), std::ldexp(1.0, -24)})
        BOOST_TEST(round_to_float16(v) == static_cast<float>(v));
}

BOOST_AUTO_TEST_CASE(rounds_to_nearest_with_ties_to_even) {
    // 0.1 in half precision is 1638 / 16384.
    BOOST_TEST(round_to_float16(0.1) == 0.0999755859375f);
    // Spacing above 1 is 2^-10: 1 + 2^-11 is a tie between 1 (even) and 1 + 2^-10.
    BOOST_TEST(round_to_float16(1.0 + std::ldexp(1.0, -11)) == 1.0f);
    BOOST_TEST(round_to_float16(1.0 + 3 * std::ldexp(1.0, -11)) == static_cast<float>(1.0 + std::ldexp(1.0, -9)));
    BOOST_TEST(round_to_float16(-0.1) == -0.0999755859375f);
}

BOOST_AUTO_TEST_CASE(subnormals_use_the_smallest_spacing) {
    // 1e-7 is 1.68 steps of 2^-24: rounds to 2 steps.
    BOOST_TEST(round_to_float16(1e-7) == static_cast<float>(std::ldexp(1.0, -23)));
    BOOST_TEST(round_to_float16(1e-9) == 0.0f);
}

BOOST_AUTO_TEST_CASE(overflow_becomes_infinity) {
    BOOST_TEST(round_to_float16(70000.0) == std::numeric_limits<float>::infinity());
    BOOST_TEST(round_to_float16(-70000.0) == -std::numeric_limits<float>::infinity());
}

BOOST_AUTO_TEST_SUITE_END()
