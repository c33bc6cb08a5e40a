#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "autodiff/error.hpp"
#include "data/adult.hpp"
#include "data_test_support.hpp"

using namespace agop;

namespace {

const char* const kTrain =
    "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174, 0, 40, "
    "United-States, <=50K\n"
    "50, Self-emp-not-inc, 83311, Bachelors, 13, Married-civ-spouse, Exec-managerial, Husband, White, Male, 0, 0, "
    "13, United-States, >50K\n"
    "54, ?, 180211, Some-college, 10, Married-civ-spouse, ?, Husband, Asian-Pac-Islander, Male, 0, 0, 60, South, "
    ">50K\n"
    "\n";
const char* const kTest =
    "|1x3 Cross validator\n"
    "25, Private, 226802, 11th, 7, Never-married, Machine-op-inspct, Own-child, Black, Male, 0, 0, 40, "
    "United-States, <=50K.\n"
    "38, Private, 89814, HS-grad, 9, Married-civ-spouse, Farming-fishing, Husband, White, Male, 0, 0, 50, "
    "United-States, >50K.\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(adult)

BOOST_AUTO_TEST_CASE(reads_the_original_format_from_a_fixture) {
    const auto dir = test::fresh_temp_dir("adult");
    test::write_text(dir / "adult.data", kTrain);
    test::write_text(dir / "adult.test", kTest);
    const TabularDataset ds = load_adult_files((dir / "adult.data").string(), (dir / "adult.test").string());
    BOOST_TEST(ds.raw_train_rows == 3u);
    BOOST_TEST(ds.raw_test_rows == 2u);
    BOOST_TEST(ds.X_train.shape()[0] == 2u);  // the row with "?" is dropped
    BOOST_TEST(ds.X_test.shape()[0] == 2u);
    BOOST_TEST(ds.class_names == std::vector<std::string>({"<=50K", ">50K"}));
    BOOST_TEST(ds.y_train == std::vector<int>({0, 1}));
    BOOST_TEST(ds.y_test == std::vector<int>({0, 1}));  // the trailing "." is stripped
    BOOST_TEST(ds.feature_names.size() == 14u);
    BOOST_TEST(ds.column_names[0] == "age");
    BOOST_TEST(ds.column_names[1] == "workclass=Self-emp-not-inc");
}

BOOST_AUTO_TEST_CASE(bad_label_and_missing_files_are_refused) {
    const auto dir = test::fresh_temp_dir("adult");
    test::write_text(dir / "adult.data", kTrain);
    test::write_text(dir / "bad.test",
                     "25, Private, 1, 11th, 7, Never-married, Sales, Own-child, Black, Male, 0, 0, 40, US, maybe\n");
    BOOST_CHECK_THROW(load_adult_files((dir / "adult.data").string(), (dir / "bad.test").string()), Error);
    try {
        load_adult(dir.string());
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("adult/adult.data") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("scripts/download-data") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(real_adult_files_have_the_published_row_counts) {
    const std::string dir = test::real_data_dir("adult/adult.data");
    if (dir.empty()) return test::report_skip("real_adult_files_have_the_published_row_counts", "adult/adult.data");
    const TabularDataset ds = load_adult(dir);
    BOOST_TEST(ds.raw_train_rows == 32561u);
    BOOST_TEST(ds.raw_test_rows == 16281u);
    BOOST_TEST(ds.X_train.shape()[0] == 30162u);
    BOOST_TEST(ds.X_test.shape()[0] == 15060u);
    BOOST_TEST(ds.X_train.shape()[1] == ds.column_names.size());
    BOOST_TEST(ds.feature_groups.back() == 13u);  // the last columns are native-country's one-hot group
    const long positives = std::count(ds.y_train.begin(), ds.y_train.end(), 1);
    BOOST_TEST(positives == 7508);  // >50K rows among the complete training rows
}

BOOST_AUTO_TEST_SUITE_END()
