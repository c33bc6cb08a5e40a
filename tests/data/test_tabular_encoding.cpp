#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "data/tabular_encoding.hpp"

using namespace agop;

namespace {

RawTable table(const std::vector<std::vector<std::string>>& rows, const std::vector<std::string>& targets) {
    RawTable t;
    t.source = "fixture";
    t.features = rows;
    t.targets = targets;
    for (std::size_t i = 0; i < rows.size(); ++i) t.lines.push_back(i + 2);
    return t;
}

RawSchema age_and_colour() {
    return {{"age", "colour"}, {ColumnKind::numeric, ColumnKind::categorical}, {1, 2}, {}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tabular_encoding)

BOOST_AUTO_TEST_CASE(parse_number_accepts_the_three_credit_spellings) {
    double v = 0;
    for (const char* text : {"500000", "5e+05", "5.00E+05"}) {
        BOOST_TEST(parse_number(text, v));
        BOOST_TEST(v == 500000.0);
    }
    BOOST_TEST(!parse_number("", v));
    BOOST_TEST(!parse_number("12abc", v));
    BOOST_TEST(!parse_number(" 1", v));
    BOOST_TEST(!parse_number("nan", v));
}

BOOST_AUTO_TEST_CASE(one_hot_columns_groups_and_names) {
    const auto ds = encode_tabular(table({{"20", "red"}, {"40", "blue"}, {"30", "red"}}, {"no", "yes", "no"}),
                                   table({{"50", "green"}}, {"yes"}), age_and_colour(), "toy");
    BOOST_TEST(ds.column_names == std::vector<std::string>({"age", "colour=blue", "colour=red"}));
    BOOST_TEST(ds.feature_groups == std::vector<std::size_t>({0, 1, 1}));
    BOOST_TEST(ds.feature_names == std::vector<std::string>({"age", "colour"}));
    BOOST_TEST(ds.class_names == std::vector<std::string>({"no", "yes"}));
    BOOST_TEST(ds.y_train == std::vector<int>({0, 1, 0}));
    BOOST_TEST(ds.y_test == std::vector<int>({1}));
    BOOST_TEST(ds.X_train(1, 1) == 1.0f);
    BOOST_TEST(ds.X_train(1, 2) == 0.0f);
    // "green" never occurs in training: all zeros in its group.
    BOOST_TEST(ds.X_test(0, 1) == 0.0f);
    BOOST_TEST(ds.X_test(0, 2) == 0.0f);
}

BOOST_AUTO_TEST_CASE(standardisation_uses_training_statistics_only) {
    const auto ds = encode_tabular(table({{"20", "a"}, {"40", "a"}, {"30", "a"}}, {"0", "1", "0"}),
                                   table({{"50", "a"}}, {"1"}), age_and_colour(), "toy");
    // Training mean 30, population sd sqrt(200/3).
    const double sd = std::sqrt(200.0 / 3.0);
    BOOST_TEST(ds.standardisation_centre[0] == 30.0);
    BOOST_TEST(ds.standardisation_scale[0] == sd, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(ds.X_train(0, 0) == static_cast<float>(-10.0 / sd));
    BOOST_TEST(ds.X_test(0, 0) == static_cast<float>(20.0 / sd));
    BOOST_TEST(ds.training_means(0) == 0.0f, boost::test_tools::tolerance(1e-6f));
    BOOST_TEST(ds.training_means(1) == 1.0f);
    BOOST_TEST(ds.standardisation_scale[1] == 1.0);
}

BOOST_AUTO_TEST_CASE(constant_numeric_column_keeps_scale_one) {
    const auto ds = encode_tabular(table({{"7", "a"}, {"7", "b"}}, {"0", "1"}), table({{"7", "a"}}, {"0"}),
                                   age_and_colour(), "toy");
    BOOST_TEST(ds.standardisation_scale[0] == 1.0);
    BOOST_TEST(ds.X_train(0, 0) == 0.0f);
}

BOOST_AUTO_TEST_CASE(bad_number_names_file_line_and_column) {
    try {
        encode_tabular(table({{"20", "a"}, {"x1", "a"}}, {"0", "1"}), table({}, {}), age_and_colour(), "toy");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("fixture:3: column 1: 'x1' in numeric column 'age'") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(unseen_test_class_is_refused) {
    BOOST_CHECK_THROW(encode_tabular(table({{"1", "a"}}, {"0"}), table({{"1", "a"}}, {"2"}), age_and_colour(), "toy"),
                      Error);
}

BOOST_AUTO_TEST_SUITE_END()
