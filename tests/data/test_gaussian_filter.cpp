#include <boost/test/unit_test.hpp>

#include <cmath>

#include "autodiff/error.hpp"
#include "data/gaussian_filter.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(gaussian_filter_suite)

BOOST_AUTO_TEST_CASE(kernel_radius_and_weights_match_scipy) {
    const auto k1 = gaussian_kernel(1.0);
    BOOST_TEST(k1.size() == 9u);  // radius int(4 * 1 + 0.5) = 4
    BOOST_TEST(k1[4] == 0.3989434693, boost::test_tools::tolerance(1e-8));
    BOOST_TEST(gaussian_kernel(3.0).size() == 25u);  // radius 12: XAI-TRIS's correlated background
    double sum = 0;
    for (double w : gaussian_kernel(3.0)) sum += w;
    BOOST_TEST(sum == 1.0, boost::test_tools::tolerance(1e-12));
}

// Reference values from scipy's documentation of gaussian_filter1d([1, 2, 3, 4, 5], sigma).
BOOST_AUTO_TEST_CASE(matches_scipy_documented_values) {
    const std::vector<double> signal = {1, 2, 3, 4, 5};
    const auto s1 = gaussian_filter(signal, 1, 5, 1.0);
    const double expected1[5] = {1.42704095, 2.06782203, 3.0, 3.93217797, 4.57295905};
    // sigma 4: the kernel (radius 16) is wider than the signal, so the reflection repeats.
    const auto s4 = gaussian_filter(signal, 1, 5, 4.0);
    const double expected4[5] = {2.91948343, 2.95023502, 3.0, 3.04976498, 3.08051657};
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(s1[i] == expected1[i], boost::test_tools::tolerance(1e-7));
        BOOST_TEST(s4[i] == expected4[i], boost::test_tools::tolerance(1e-7));
    }
}

BOOST_AUTO_TEST_CASE(filters_both_axes) {
    // A column signal filtered along axis 0 gives the same values as the row signal.
    const auto column = gaussian_filter({1, 2, 3, 4, 5}, 5, 1, 1.0);
    const auto row = gaussian_filter({1, 2, 3, 4, 5}, 1, 5, 1.0);
    for (int i = 0; i < 5; ++i) BOOST_TEST(column[i] == row[i], boost::test_tools::tolerance(1e-12));
    // A constant image stays constant; an impulse spreads symmetrically.
    std::vector<double> impulse(64, 0.0);
    impulse[3 * 8 + 3] = 1.0;
    const auto blurred = gaussian_filter(impulse, 8, 8, 1.0);
    BOOST_TEST(blurred[2 * 8 + 3] == blurred[3 * 8 + 2], boost::test_tools::tolerance(1e-12));
    BOOST_TEST(blurred[4 * 8 + 3] == blurred[3 * 8 + 4], boost::test_tools::tolerance(1e-12));
    for (double v : gaussian_filter(std::vector<double>(64, 2.5), 8, 8, 3.0))
        BOOST_TEST(v == 2.5, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(refuses_bad_arguments) {
    BOOST_CHECK_THROW(gaussian_kernel(0.0), Error);
    BOOST_CHECK_THROW(gaussian_filter({1, 2, 3}, 2, 2, 1.0), Error);
}

BOOST_AUTO_TEST_SUITE_END()
