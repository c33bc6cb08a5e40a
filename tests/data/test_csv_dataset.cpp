#include <boost/test/unit_test.hpp>

#include <cmath>

#include "autodiff/error.hpp"
#include "data/csv_dataset.hpp"
#include "data_test_support.hpp"

using namespace agop;

namespace {

const char* const kFixture =
    "id,height,city,\"quoted, name\",label\r\n"
    "1,1.5,Paris,a,yes\r\n"
    "2,1.7,Rome,b,no\r\n"
    "\r\n"
    "3,1.6,Paris,c,yes\r\n"
    "4,1.8,Oslo,d,no\r\n"
    "5,1.9,Rome,e,yes\r\n"
    "6,2.0,Oslo,f,no\r\n"
    "7,1.4,Paris,g,yes\r\n"
    "8,1.3,Rome,h,no\r\n"
    "9,1.2,Oslo,i,yes\r\n"
    "10,1.1,Paris,j,no\r\n";

std::string fixture_path(const std::string& text) {
    const auto path = test::fresh_temp_dir("csv_dataset") / "people.csv";
    test::write_text(path, text);
    return path.string();
}

std::string load_error(const std::string& text, const CsvDatasetConfig& config) {
    try {
        load_csv_dataset(fixture_path(text), config);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_dataset)

BOOST_AUTO_TEST_CASE(detects_kinds_splits_and_encodes) {
    CsvDatasetConfig config;
    config.target_column = "label";
    config.drop_columns = {"id", "quoted, name"};
    config.test_fraction = 0.2;
    const TabularDataset ds = load_csv_dataset(fixture_path(kFixture), config);
    BOOST_TEST(ds.feature_names == std::vector<std::string>({"height", "city"}));
    BOOST_TEST(ds.column_names == std::vector<std::string>({"height", "city=Oslo", "city=Paris", "city=Rome"}));
    BOOST_TEST(ds.X_train.shape()[0] == 8u);
    BOOST_TEST(ds.X_test.shape()[0] == 2u);
    BOOST_TEST(ds.y_test[0] != ds.y_test[1]);  // stratified: one of each class
    BOOST_TEST(ds.class_names == std::vector<std::string>({"no", "yes"}));
}

BOOST_AUTO_TEST_CASE(declared_categorical_overrides_detection_and_split_is_seeded) {
    CsvDatasetConfig config;
    config.target_column = "label";
    config.categorical_columns = {"id"};
    config.drop_columns = {"quoted, name"};
    const auto a = load_csv_dataset(fixture_path(kFixture), config);
    BOOST_TEST(a.feature_groups.size() == 10u + 1 + 3);  // the file's 10 ids, height, 3 cities
    const auto b = load_csv_dataset(fixture_path(kFixture), config);
    BOOST_TEST(bit_identical(a.X_train, b.X_train));
    config.seed = 99;
    const auto c = load_csv_dataset(fixture_path(kFixture), config);
    BOOST_TEST(!bit_identical(a.X_test, c.X_test));
}

BOOST_AUTO_TEST_CASE(unparsable_number_in_declared_numeric_column_is_refused) {
    CsvDatasetConfig config;
    config.target_column = "y";
    config.numeric_columns = {"x"};
    const std::string message = load_error("x,y\n1,a\n2,b\nabc,a\n4,b\n", config);
    BOOST_TEST_INFO(message);
    BOOST_TEST(message.find("people.csv: cells that are neither numbers nor missing in numeric columns at "
                            "line 4, column 1 (x): 'abc'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_target_ragged_rows_and_empty_file_are_refused) {
    CsvDatasetConfig config;
    config.target_column = "nope";
    BOOST_TEST(load_error("x,y\n1,a\n", config).find("no column named 'nope'") != std::string::npos);
    config.target_column = "y";
    BOOST_TEST(load_error("x,y\n1,a\n2\n", config).find("people.csv:3: row has 1 fields") != std::string::npos);
    BOOST_TEST(load_error("", config).find("people.csv: file is empty") != std::string::npos);
    BOOST_TEST(load_error("x,y\n", config).find("no data rows") != std::string::npos);
    config.drop_columns = {"z"};
    BOOST_TEST(load_error("x,y\n1,a\n", config).find("no column named 'z'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_numeric_column_with_a_typo_stays_numeric_and_the_cell_is_named) {
    // One "l2.5" used to turn the whole column categorical (one one-hot column per value).
    CsvDatasetConfig config;
    config.target_column = "y";
    const std::string message = load_error("x,y\n1.5,a\n2.5,b\nl2.5,a\n3.5,b\n4.5,a\n", config);
    BOOST_TEST(message.find("people.csv: cells that are neither numbers nor missing in numeric columns at "
                            "line 4, column 1 (x): 'l2.5'") != std::string::npos, message);
    BOOST_TEST(load_error("x,y\n1.5,a\n2.5,b\ninf,a\n3.5,b\n", config).find("line 4, column 1 (x): 'inf'") !=
               std::string::npos);
    // A column of mostly words stays categorical, numbers among them being categories.
    const auto ds = load_csv_dataset(fixture_path("x,y\nred,a\nblue,b\n3,a\nred,b\nblue,a\nred,b\n"), config);
    BOOST_TEST(ds.column_names.front().rfind("x=", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_value_beyond_float_range_is_refused_with_line_and_column) {
    CsvDatasetConfig config;
    config.target_column = "y";
    config.test_fraction = 0.5;
    const std::string message = load_error("x,y\n1,a\n2,b\n1e39,a\n3,b\n", config);
    BOOST_TEST(message.find("people.csv:4: column 1: '1e39'") != std::string::npos, message);
    BOOST_TEST(message.find("float32") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(missing_values_are_refused_by_default_naming_every_place) {
    CsvDatasetConfig config;
    config.target_column = "y";
    const std::string message = load_error("x,c,y\n1,u,a\nNA,v,b\n3,,a\n4,u,b\n5,?,a\n6,v,b\n", config);
    BOOST_TEST(message.find("missing values at line 3, column 1 (x): 'NA'; line 4, column 2 (c): ''; "
                            "line 6, column 2 (c): '?'") != std::string::npos, message);
    BOOST_TEST(message.find("--missing drop|mean|median|category") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(missing_drop_leaves_out_incomplete_rows_and_counts_them) {
    CsvDatasetConfig config;
    config.target_column = "y";
    config.missing = MissingValues::drop;
    config.test_fraction = 0.25;
    std::string text = "x,y\n";
    for (int i = 0; i < 16; ++i) text += (i % 4 == 3 ? std::string("nan") : std::to_string(i)) + (i % 2 ? ",a\n" : ",b\n");
    const auto ds = load_csv_dataset(fixture_path(text), config);
    BOOST_TEST(ds.raw_train_rows + ds.raw_test_rows == 16u);
    BOOST_TEST(ds.X_train.shape()[0] + ds.X_test.shape()[0] == 12u);
    for (float v : ds.X_train) BOOST_TEST(std::isfinite(v));
}

BOOST_AUTO_TEST_CASE(missing_mean_imputes_the_training_mean_and_the_most_frequent_category) {
    CsvDatasetConfig config;
    config.target_column = "y";
    config.missing = MissingValues::mean;
    config.test_fraction = 0.0;
    const auto ds = load_csv_dataset(fixture_path("x,c,y\n1,u,a\n,u,b\n5,v,a\n6,,b\n"), config);
    BOOST_TEST(ds.column_names == std::vector<std::string>({"x", "c=u", "c=v"}));
    // Undo the standardisation: the imputed x is the mean of 1, 5, 6; the imputed one-hot
    // group is u's, the most frequent category (2 of 3).
    auto raw = [&](std::size_t r, std::size_t c) {
        return ds.X_train(r, c) * ds.standardisation_scale[c] + ds.standardisation_centre[c];
    };
    BOOST_TEST(raw(1, 0) == 4.0, boost::test_tools::tolerance(1e-5));
    BOOST_TEST(raw(3, 1) == 1.0, boost::test_tools::tolerance(1e-6));
    BOOST_TEST(raw(3, 2) == 0.0, boost::test_tools::tolerance(1e-6));
    BOOST_TEST(raw(0, 0) == 1.0, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(duplicate_column_names_are_refused) {
    CsvDatasetConfig config;
    config.target_column = "y";
    const std::string message = load_error("x,y,y\n1,a,a\n2,b,b\n", config);
    BOOST_TEST(message.find("people.csv:1: columns 2 and 3 are both named 'y'") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_does_not_hide_a_target_in_the_first_column) {
    CsvDatasetConfig config;
    config.target_column = "y";
    config.test_fraction = 0.5;
    const auto ds = load_csv_dataset(fixture_path("\xEF\xBB\xBFy,x\r\na,1\r\nb,\"2\"\r\na,3\r\nb,4\r\n"), config);
    BOOST_TEST(ds.feature_names == std::vector<std::string>({"x"}));
    BOOST_TEST(ds.class_names == std::vector<std::string>({"a", "b"}));
}

BOOST_AUTO_TEST_CASE(single_class_and_empty_targets_are_refused_with_lines) {
    CsvDatasetConfig config;
    config.target_column = "y";
    BOOST_TEST(load_error("x,y\n1,a\n2,a\n3,a\n", config).find("single value 'a'") != std::string::npos);
    const std::string message = load_error("x,y\n1,a\n2,\n3,b\n4,\n", config);
    BOOST_TEST(message.find("target column 'y' has missing values at line 3, column 2 (y): ''; line 5") !=
                   std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(missing_policy_names_parse_and_others_are_refused) {
    BOOST_TEST((parse_missing_values("drop", "--missing") == MissingValues::drop));
    BOOST_TEST((parse_missing_values("mean", "--missing") == MissingValues::mean));
    BOOST_TEST((parse_missing_values("refuse", "--missing") == MissingValues::refuse));
    BOOST_TEST((parse_missing_values("median", "--missing") == MissingValues::median));
    BOOST_TEST((parse_missing_values("category", "--missing") == MissingValues::category));
    BOOST_CHECK_THROW(parse_missing_values("zero", "--missing"), Error);
    for (MissingValues policy : {MissingValues::refuse, MissingValues::drop, MissingValues::mean, MissingValues::median,
                                 MissingValues::category})
        BOOST_TEST((parse_missing_values(missing_values_name(policy), "--missing") == policy));
}

BOOST_AUTO_TEST_CASE(every_policy_but_refuse_notes_how_new_rows_fill_missing_cells) {
    BOOST_TEST(missing_values_note(MissingValues::refuse).empty());
    BOOST_TEST(missing_values_note(MissingValues::drop).find("--missing drop") != std::string::npos);
    BOOST_TEST(missing_values_note(MissingValues::mean).find("training mean") != std::string::npos);
    BOOST_TEST(missing_values_note(MissingValues::median).find("training median") != std::string::npos);
    BOOST_TEST(missing_values_note(MissingValues::category).find("'(missing)'") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
