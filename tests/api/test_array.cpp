// The public Array and ArrayView: shapes, row extraction, and refused shapes.

#include <boost/test/unit_test.hpp>
#include <limits>

#include "agop/agop.hpp"
#include "support/expect_error.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(api_array)

BOOST_AUTO_TEST_CASE(an_array_holds_its_values_in_row_major_order) {
    const Array a({2, 3}, {0, 1, 2, 3, 4, 5});
    BOOST_TEST(a.size() == 6u);
    const Array second = a.row(1);
    BOOST_TEST((second.shape() == Shape{1, 3}));
    BOOST_TEST((second.values() == std::vector<float>{3, 4, 5}));
    const ArrayView view = a;
    BOOST_TEST(view.data() == a.data());
    BOOST_TEST(view.size() == 6u);
    BOOST_TEST((Array(Shape{2, 2}).values() == std::vector<float>(4, 0.0f)));
    BOOST_TEST(ArrayView().empty());
}

BOOST_AUTO_TEST_CASE(mismatched_and_overflowing_shapes_are_refused) {
    expect_error_mentioning([] { Array({2, 3}, std::vector<float>(5)); }, {"6", "5"});
    expect_error_mentioning([] { Array({2}, {1, 2}).row(2); }, {"row(2)", "2 rows"});
    const std::size_t huge = std::numeric_limits<std::size_t>::max();
    expect_error_mentioning([&] { element_count_of({huge, 2}); }, {"overflows"});
    BOOST_TEST(element_count_of({huge, 0}) == 0u);
    BOOST_TEST(element_count_of({}) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
