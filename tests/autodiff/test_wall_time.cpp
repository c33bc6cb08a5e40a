#include <boost/test/unit_test.hpp>
#include <chrono>

#include "autodiff/wall_time.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(wall_time_suite)

BOOST_AUTO_TEST_CASE(seconds_since_counts_wall_time_from_its_start) {
    const auto now = std::chrono::steady_clock::now();
    const double two_back = seconds_since(now - std::chrono::seconds(2));
    BOOST_TEST(two_back >= 2.0);
    BOOST_TEST(two_back < 60.0);
    BOOST_TEST(seconds_since(now + std::chrono::seconds(30)) < 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
