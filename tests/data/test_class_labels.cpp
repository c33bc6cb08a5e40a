// Class labels must number classes 0..C-1 densely with C bounded, unless relaxed on purpose.

#include <boost/test/unit_test.hpp>

#include "data/class_labels.hpp"
#include "support/expect_error.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(class_labels)

BOOST_AUTO_TEST_CASE(dense_labels_give_their_class_count) {
    BOOST_TEST(check_class_labels({0, 2, 1, 1, 0}, "y.npy") == 3u);
}

BOOST_AUTO_TEST_CASE(a_huge_label_is_refused_with_its_value_and_index) {
    expect_error_mentioning(
        [] {
            check_class_labels({0, 1, 1000000, 1}, "y.npy");
        },
        {"y.npy", "label 1000000 at index 2", "at most 1000"});
}

BOOST_AUTO_TEST_CASE(absent_classes_are_refused_unless_allowed) {
    expect_error_mentioning(
        [] {
            check_class_labels({0, 3, 3, 0}, "y.npy");
        },
        {"y.npy", "2 class(es) never occur (1, 2)"});
    ClassLabelRules sparse;
    sparse.require_every_class = false;
    BOOST_TEST(check_class_labels({0, 3, 3, 0}, "y.npy", sparse) == 4u);
}

BOOST_AUTO_TEST_CASE(the_class_bound_can_be_raised) {
    ClassLabelRules wide;
    wide.max_classes = 2000000;
    wide.require_every_class = false;
    BOOST_TEST(check_class_labels({0, 1000000}, "y.npy", wide) == 1000001u);
}

BOOST_AUTO_TEST_CASE(a_single_class_and_no_labels_are_refused) {
    expect_error_mentioning(
        [] {
            check_class_labels({1, 1, 1}, "y.npy", {1000, false});
        },
        {"y.npy", "every label is 1", "at least two classes"});
    expect_error_mentioning([] { check_class_labels({}, "y.npy"); }, {"y.npy", "no labels"});
}

BOOST_AUTO_TEST_SUITE_END()
