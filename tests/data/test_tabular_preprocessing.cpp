#include <boost/test/unit_test.hpp>
#include <cmath>

#include "data/csv_dataset.hpp"
#include "data/tabular_preprocessing.hpp"
#include "data_test_support.hpp"
#include "support/expect_error.hpp"

using namespace agop;

namespace {

const char* const kPeople =
    "id,height,city,label\n"
    "1,1.5,Paris,yes\n"
    "2,1.7,Rome,no\n"
    "3,1.6,Paris,yes\n"
    "4,1.8,Oslo,no\n"
    "5,1.9,Rome,yes\n"
    "6,2.0,Oslo,no\n"
    "7,1.4,Paris,yes\n"
    "8,1.3,Rome,no\n"
    "9,1.2,Oslo,yes\n"
    "10,1.1,Paris,no\n";

TabularDataset people() {
    const auto path = test::fresh_temp_dir("preprocessing") / "people.csv";
    test::write_text(path, kPeople);
    CsvDatasetConfig config;
    config.target_column = "label";
    config.drop_columns = {"id"};
    return load_csv_dataset(path.string(), config);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tabular_preprocessing_suite)

BOOST_AUTO_TEST_CASE(keeps_names_kinds_categories_and_statistics_of_the_training_split) {
    const TabularDataset ds = people();
    const TabularPreprocessing pre = tabular_preprocessing(ds);
    BOOST_TEST(pre.target_column == "label");
    BOOST_TEST(pre.ignored_columns == std::vector<std::string>({"id"}));
    BOOST_TEST(pre.feature_names == std::vector<std::string>({"height", "city"}));
    BOOST_TEST(pre.categories[0].empty());
    BOOST_TEST(pre.categories[1] == std::vector<std::string>({"Oslo", "Paris", "Rome"}));
    BOOST_TEST(pre.column_names() == ds.column_names);
    BOOST_TEST(pre.feature_groups() == ds.feature_groups);
    BOOST_TEST(pre.class_names == ds.class_names);
    // encoded_mean/std are the statistics of X_train, computed independently here.
    const std::size_t n = ds.X_train.shape()[0];
    for (std::size_t c = 0; c < 4; ++c) {
        double mean = 0, sq = 0;
        for (std::size_t r = 0; r < n; ++r) mean += ds.X_train(r, c);
        mean /= n;
        for (std::size_t r = 0; r < n; ++r) sq += (ds.X_train(r, c) - mean) * (ds.X_train(r, c) - mean);
        BOOST_TEST(pre.encoded_mean[c] == mean, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(pre.encoded_std[c] == std::sqrt(sq / n), boost::test_tools::tolerance(1e-9));
    }
}

BOOST_AUTO_TEST_CASE(new_rows_in_another_column_order_encode_to_the_training_bits) {
    const TabularDataset ds = people();
    const TabularPreprocessing pre = tabular_preprocessing(ds);
    // The whole file, columns shuffled, target removed: every training row must reappear bit for bit.
    const CsvTable table = parse_csv(
        "city,id,height\nParis,1,1.5\nRome,2,1.7\nParis,3,1.6\nOslo,4,1.8\nRome,5,1.9\nOslo,6,2.0\nParis,7,1.4\n"
        "Rome,8,1.3\nOslo,9,1.2\nParis,10,1.1\n",
        "rows.csv");
    const EncodedRows rows = encode_new_rows(pre, table);
    BOOST_TEST(rows.targets.empty());
    BOOST_TEST(rows.lines[0] == 2u);
    BOOST_TEST(rows.cells[1] == std::vector<std::string>({"1.7", "Rome"}));
    std::size_t matched = 0;
    for (std::size_t t = 0; t < ds.X_train.shape()[0]; ++t)
        for (std::size_t r = 0; r < 10; ++r) {
            bool same = true;
            for (std::size_t c = 0; c < 4; ++c) same = same && rows.inputs(r, c) == ds.X_train(t, c);
            if (same) {
                ++matched;
                break;
            }
        }
    BOOST_TEST(matched == ds.X_train.shape()[0]);
}

BOOST_AUTO_TEST_CASE(target_column_is_read_when_present) {
    const TabularPreprocessing pre = tabular_preprocessing(people());
    const EncodedRows rows = encode_new_rows(pre, parse_csv("label,height,city\nyes,1.5,Rome\n", "rows.csv"));
    BOOST_TEST(rows.targets == std::vector<std::string>({"yes"}));
}

BOOST_AUTO_TEST_CASE(extra_missing_and_bad_columns_are_refused_by_name) {
    const TabularPreprocessing pre = tabular_preprocessing(people());
    expect_error_mentioning([&] { encode_new_rows(pre, parse_csv("height,city,weight\n1,Rome,3\n", "x.csv")); },
                            {"x.csv", "weight", "not a feature"});
    expect_error_mentioning([&] { encode_new_rows(pre, parse_csv("height\n1\n", "x.csv")); },
                            {"x.csv", "city", "missing"});
    expect_error_mentioning([&] { encode_new_rows(pre, parse_csv("height,city\n1,Rome\ntall,Rome\n", "x.csv")); },
                            {"x.csv:3", "column 1", "height", "tall", "not a number"});
}

BOOST_AUTO_TEST_CASE(unseen_category_is_an_error_or_all_zeros_when_asked) {
    const TabularPreprocessing pre = tabular_preprocessing(people());
    const CsvTable table = parse_csv("height,city\n1.5,Rome\n1.5,Lima\n", "x.csv");
    expect_error_mentioning([&] { encode_new_rows(pre, table); }, {"x.csv", "line 3, column 2 (city): 'Lima'", "not seen"});
    const EncodedRows rows = encode_new_rows(pre, table, UnseenCategory::all_zeros);
    BOOST_TEST(rows.inputs(1, 1) == 0.0f);
    BOOST_TEST(rows.inputs(1, 2) == 0.0f);
    BOOST_TEST(rows.inputs(1, 3) == 0.0f);
    BOOST_TEST(rows.inputs(0, 3) == 1.0f);
    BOOST_TEST(rows.inputs(1, 0) == rows.inputs(0, 0));
}

BOOST_AUTO_TEST_CASE(inconsistent_preprocessing_is_refused) {
    TabularPreprocessing pre = tabular_preprocessing(people());
    pre.centre.pop_back();
    expect_error_mentioning([&] { check_tabular_preprocessing(pre, "model.safetensors"); },
                            {"model.safetensors", "encoded columns"});
}

BOOST_AUTO_TEST_SUITE_END()
