#include <boost/test/unit_test.hpp>

#include "eval/map_values.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(map_values_suite)

BOOST_AUTO_TEST_CASE(magnitude_share_is_the_members_part_of_the_total) {
    const std::vector<double> magnitude{1.0, 3.0, 0.0, 4.0};
    BOOST_TEST(magnitude_share_on(magnitude, {1, 0, 1, 1}) == 5.0 / 8.0);
    BOOST_TEST(magnitude_share_on(magnitude, {0, 0, 1, 0}) == 0.0);
}

BOOST_AUTO_TEST_CASE(an_all_zero_map_gives_the_members_share_of_the_elements) {
    BOOST_TEST(magnitude_share_on({0.0, 0.0, 0.0, 0.0}, {1, 0, 0, 1}) == 0.5);
}

BOOST_AUTO_TEST_SUITE_END()
