#include <boost/test/unit_test.hpp>

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
    BOOST_TEST(a.feature_groups.size() == 8u + 1 + 3);  // 8 training ids, height, 3 cities
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
    BOOST_TEST(message.find("people.csv:4: column 1: 'abc' in numeric column 'x'") != std::string::npos);
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

BOOST_AUTO_TEST_SUITE_END()
