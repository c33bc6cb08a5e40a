// Real tables as they come: pandas' missing markers, the missing policy kept for new rows,
// categories from the whole file, unseen categories, identifiers, dates, chosen columns,
// regression targets and numeric class order.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "data/csv_dataset.hpp"
#include "data/date_cells.hpp"
#include "data/tabular_preprocessing.hpp"
#include "data_test_support.hpp"
#include "support/expect_error.hpp"

using namespace agop;

namespace {

std::string write_csv(const std::string& name, const std::string& text) {
    const auto path = test::fresh_temp_dir("real_tables") / (name + ".csv");
    test::write_text(path, text);
    return path.string();
}

CsvDatasetConfig config_for(const std::string& target) {
    CsvDatasetConfig config;
    config.target_column = target;
    return config;
}

// 20 rows: x numeric with one NA and one '' cell, colour with one '?' and the words 'none'
// and 'missing' as categories, label alternating.
std::string gappy_csv() {
    std::string csv = "x,colour,label\n";
    const char* colours[] = {"red", "none", "missing", "red", "blue"};
    for (int i = 0; i < 20; ++i) {
        const std::string x = i == 3 ? "NA" : i == 8 ? "" : std::to_string(i);
        const std::string colour = i == 5 ? "?" : colours[i % 5];
        csv += x + "," + colour + "," + (i % 2 ? "yes" : "no") + "\n";
    }
    return csv;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(real_tables)

BOOST_AUTO_TEST_CASE(pandas_markers_are_missing_and_words_like_none_are_categories) {
    for (const char* marker :
         {"",     "NA", "N/A",     "n/a",     "NaN", "nan",  "NULL", "null",     "None",     "<NA>",
          "#N/A", "?",  "-1.#IND", "1.#QNAN", "#NA", "-nan", "-NaN", "#N/A N/A", "-1.#QNAN", "1.#IND"})
        BOOST_TEST(is_missing_cell(marker, default_missing_markers()), marker);
    for (const char* word : {"none", "missing", "na", "Null", "NONE", "-"})
        BOOST_TEST(!is_missing_cell(word, default_missing_markers()), word);
    CsvDatasetConfig config = config_for("label");
    config.missing = MissingValues::mean;
    const TabularDataset ds = load_csv_dataset(write_csv("gappy", gappy_csv()), config);
    BOOST_TEST(ds.feature_categories[1] == std::vector<std::string>({"blue", "missing", "none", "red"}));
}

BOOST_AUTO_TEST_CASE(na_values_replace_the_default_markers) {
    CsvDatasetConfig config = config_for("label");
    config.missing_markers = {"-"};
    config.missing = MissingValues::mean;
    const std::string path = write_csv("dash", "x,c,label\n1,NA,a\n-,b,b\n3,NA,a\n5,b,b\n");
    const TabularDataset ds = load_csv_dataset(path, config);
    // 'NA' is now an ordinary category; '-' is the missing number, filled with the mean of 1, 3, 5.
    BOOST_TEST(ds.feature_categories[1] == std::vector<std::string>({"NA", "b"}));
    const TabularPreprocessing pre = tabular_preprocessing(ds);
    BOOST_TEST(pre.missing_markers == std::vector<std::string>({"-"}));
    const EncodedRows rows = encode_new_rows(pre, parse_csv("x,c\n-,NA\n", "new.csv"));
    BOOST_TEST(rows.inputs(0, 0) ==
               static_cast<float>((static_cast<float>(pre.fill[0]) - pre.centre[0]) / pre.scale[0]));
    BOOST_TEST(rows.imputed[0] == std::vector<std::string>({"x"}));
}

BOOST_AUTO_TEST_CASE(mean_and_median_fill_numbers_and_the_most_frequent_category) {
    // x present in the training split: 1, 2, 9 (mean 4, median 2); c: u twice, v once.
    const std::string text = "x,c,label\n1,u,a\n2,u,b\n9,v,a\nNA,,b\n";
    CsvDatasetConfig config = config_for("label");
    config.test_fraction = 0.0;
    for (MissingValues policy : {MissingValues::mean, MissingValues::median}) {
        config.missing = policy;
        const TabularPreprocessing pre = tabular_preprocessing(load_csv_dataset(write_csv("fill", text), config));
        BOOST_TEST(pre.fill[0] == (policy == MissingValues::mean ? 4.0 : 2.0));
        BOOST_TEST(pre.most_frequent[1] == "u");
        BOOST_TEST(pre.fill[1] == 1.0);  // column c=u
        BOOST_TEST(pre.fill[2] == 0.0);  // column c=v
        const EncodedRows rows = encode_new_rows(pre, parse_csv("x,c\nNA,\n5,v\n", "new.csv"));
        BOOST_TEST(rows.imputed[0] == std::vector<std::string>({"x", "c"}));
        BOOST_TEST(rows.imputed[1].empty());
        BOOST_TEST(rows.inputs(0, 1) == static_cast<float>((1.0 - pre.centre[1]) / pre.scale[1]));
    }
}

BOOST_AUTO_TEST_CASE(category_policy_makes_missing_a_column_of_its_own) {
    CsvDatasetConfig config = config_for("label");
    config.missing = MissingValues::category;
    const TabularPreprocessing pre = tabular_preprocessing(load_csv_dataset(write_csv("gappy", gappy_csv()), config));
    BOOST_TEST(pre.categories[1] == std::vector<std::string>({"(missing)", "blue", "missing", "none", "red"}));
    const EncodedRows rows = encode_new_rows(pre, parse_csv("x,colour\n1,?\n", "new.csv"));
    BOOST_TEST(rows.inputs(0, 1) == static_cast<float>((1.0 - pre.centre[1]) / pre.scale[1]));
    BOOST_TEST(rows.imputed[0] == std::vector<std::string>({"colour"}));
}

BOOST_AUTO_TEST_CASE(drop_imputes_new_rows_and_refuse_refuses_them_naming_lines_and_count) {
    CsvDatasetConfig config = config_for("label");
    config.missing = MissingValues::drop;
    const std::string path = write_csv("gappy", gappy_csv());
    const TabularPreprocessing dropped = tabular_preprocessing(load_csv_dataset(path, config));
    const EncodedRows rows = encode_new_rows(dropped, read_csv(path));
    BOOST_TEST(rows.inputs.shape()[0] == 20u);
    BOOST_TEST(rows.imputed[3] == std::vector<std::string>({"x"}));
    BOOST_TEST(missing_cells_note(dropped).find("drop") != std::string::npos);

    config.missing = MissingValues::refuse;
    const TabularPreprocessing refusing =
        tabular_preprocessing(load_csv_dataset(write_csv("whole", "x,c,label\n1,u,a\n2,u,b\n3,v,a\n4,v,b\n"), config));
    expect_error_mentioning([&] { encode_new_rows(refusing, parse_csv("x,c\nNA,u\n2,\n3,u\n", "new.csv")); },
                            {"new.csv", "2 missing cell(s)", "line 2", "line 3", "--missing refuse"});
}

BOOST_AUTO_TEST_CASE(categories_come_from_every_row_so_the_training_file_always_encodes) {
    // 'rare' sits on one row: whichever split holds it, it is a category.
    std::string csv = "c,label\n";
    for (int i = 0; i < 30; ++i)
        csv += std::string(i == 17 ? "rare" : i % 2 ? "u" : "v") + "," + (i % 3 ? "a" : "b") + "\n";
    const std::string path = write_csv("rare", csv);
    for (std::uint64_t seed : {0u, 1u, 2u, 3u}) {
        CsvDatasetConfig config = config_for("label");
        config.seed = seed;
        const TabularPreprocessing pre = tabular_preprocessing(load_csv_dataset(path, config));
        BOOST_TEST(pre.categories[0] == std::vector<std::string>({"rare", "u", "v"}));
        BOOST_TEST(encode_new_rows(pre, read_csv(path)).inputs.shape()[0] == 30u);
    }
}

BOOST_AUTO_TEST_CASE(unseen_categories_are_all_counted_or_encoded_as_asked) {
    const TabularPreprocessing pre = tabular_preprocessing(
        load_csv_dataset(write_csv("seen", "c,label\nu,a\nu,b\nv,a\nu,b\n"), config_for("label")));
    const CsvTable table = parse_csv("c\nw\nu\nw\nz\n", "new.csv");
    expect_error_mentioning([&] { encode_new_rows(pre, table); },
                            {"new.csv", "3 cell(s)", "line 2", "'w'", "line 5", "'z'", "most-frequent"});
    const EncodedRows zeros = encode_new_rows(pre, table, UnseenCategory::all_zeros);
    BOOST_TEST(zeros.inputs(0, 0) == 0.0f);
    BOOST_TEST(zeros.inputs(0, 1) == 0.0f);
    const EncodedRows frequent = encode_new_rows(pre, table, UnseenCategory::most_frequent);
    BOOST_TEST(frequent.inputs(0, 0) == frequent.inputs(1, 0));  // 'w' encodes as 'u'
    BOOST_TEST((parse_unseen_category("most-frequent", "--unseen-category") == UnseenCategory::most_frequent));
    BOOST_TEST((parse_unseen_category("zeros", "--unseen-category") == UnseenCategory::all_zeros));
    BOOST_CHECK_THROW(parse_unseen_category("drop", "--unseen-category"), Error);
}

BOOST_AUTO_TEST_CASE(an_identifier_column_is_refused_by_name_with_its_count_and_the_way_out) {
    std::string csv = "name,x,label\n";
    for (int i = 0; i < 40; ++i)
        csv += "person" + std::to_string(i) + "," + std::to_string(i % 7) + "," + (i % 2 ? "a" : "b") + "\n";
    const std::string path = write_csv("names", csv);
    expect_error_mentioning([&] { load_csv_dataset(path, config_for("label")); },
                            {"'name'", "40 distinct values in 40 rows", "--ignore-columns name"});
    CsvDatasetConfig config = config_for("label");
    config.drop_columns = {"name"};
    const TabularDataset ds = load_csv_dataset(path, config);
    BOOST_TEST(ds.feature_names == std::vector<std::string>({"x"}));
    BOOST_TEST(ds.ignored_columns == std::vector<std::string>({"name"}));
    config.drop_columns.clear();
    config.feature_columns = {"x"};
    BOOST_TEST(load_csv_dataset(path, config).ignored_columns == std::vector<std::string>({"name"}));
}

BOOST_AUTO_TEST_CASE(dates_read_in_four_formats_with_days_month_and_weekday) {
    DateParts parts;
    BOOST_TEST(parse_date("2012-01-01", DateFormat::iso, parts));
    BOOST_TEST(parts.days == 15340.0);  // 42 years with 10 leap days: 42 * 365 + 10
    BOOST_TEST(parts.month == 1);
    BOOST_TEST(parts.weekday == 6);  // a Sunday
    BOOST_TEST(parse_date("1970-01-01T12:00:00Z", DateFormat::iso, parts));
    BOOST_TEST(parts.days == 0.5);
    BOOST_TEST(parts.weekday == 3);  // a Thursday
    BOOST_TEST(parse_date("2000/02/29", DateFormat::ymd_slash, parts));
    BOOST_TEST(parse_date("29.02.2000", DateFormat::dmy_dot, parts));
    BOOST_TEST(parse_date("02/29/2000", DateFormat::mdy_slash, parts));
    BOOST_TEST(parts.days == 11016.0);
    BOOST_TEST(!parse_date("1900-02-29", DateFormat::iso, parts));  // not a leap year
    BOOST_TEST(!parse_date("2012-13-01", DateFormat::iso, parts));
    BOOST_TEST(!parse_date("2012-01-01x", DateFormat::iso, parts));
    BOOST_TEST((detect_date_format({"2012-01-01", "2012-01-02 10:30"}) == DateFormat::iso));
    BOOST_TEST((detect_date_format({"31.01.2012", "1.2.2012"}) == DateFormat::dmy_dot));
    BOOST_TEST((detect_date_format({"01/31/2012", "02/01/2012"}) == DateFormat::mdy_slash));
    BOOST_TEST((detect_date_format({"01/02/2012", "02/01/2012"}) == DateFormat::none));  // ambiguous
    BOOST_TEST((detect_date_format({"2012-01-01", "31.01.2012"}) == DateFormat::none));
    BOOST_TEST((parse_date_format(date_format_name(DateFormat::dmy_dot)) == DateFormat::dmy_dot));
}

BOOST_AUTO_TEST_CASE(dates_with_month_names_read_as_the_same_day_as_iso) {
    DateParts iso, named;
    BOOST_TEST(parse_date("2000-02-29", DateFormat::iso, iso));
    for (const char* text : {"Feb 29 2000", "February 29, 2000", "feb 29 2000", "FEB 29, 2000"}) {
        BOOST_TEST(parse_date(text, DateFormat::month_name, named), text);
        BOOST_TEST(named.days == iso.days, text);
        BOOST_TEST(named.month == 2, text);
        BOOST_TEST(named.weekday == iso.weekday, text);
    }
    BOOST_TEST(!parse_date("Feb 30 2000", DateFormat::month_name, named));
    BOOST_TEST(!parse_date("Febr 1 2000", DateFormat::month_name, named));
    BOOST_TEST(!parse_date("Feb 1 2000 x", DateFormat::month_name, named));
    BOOST_TEST((detect_date_format({"Jan 1 2000", "Dec 31, 2009"}) == DateFormat::month_name));
    BOOST_TEST((detect_date_format({"Jan 1 2000", "Monday"}) == DateFormat::none));
    BOOST_TEST((parse_date_format(date_format_name(DateFormat::month_name)) == DateFormat::month_name));
}

BOOST_AUTO_TEST_CASE(a_date_column_becomes_three_numeric_columns_grouped_under_its_name) {
    std::string csv = "day,x,label\n";
    for (int i = 0; i < 60; ++i)
        csv += "2012-" + std::string(i < 31 ? "01-" : "02-") + (i % 31 + 1 < 10 ? "0" : "") +
               std::to_string(i % 31 + 1) + "," + std::to_string(i % 5) + "," + (i % 2 ? "a" : "b") + "\n";
    const std::string path = write_csv("days", csv);
    const TabularDataset ds = load_csv_dataset(path, config_for("label"));
    BOOST_TEST(ds.column_names == std::vector<std::string>({"day:days", "day:month", "day:weekday", "x"}));
    BOOST_TEST(ds.feature_groups == std::vector<std::size_t>({0, 0, 0, 1}));
    const TabularPreprocessing pre = tabular_preprocessing(ds);
    BOOST_TEST(pre.column_names() == ds.column_names);
    BOOST_TEST(pre.feature_groups() == ds.feature_groups);
    const EncodedRows rows = encode_new_rows(pre, read_csv(path));
    // The first row, 2012-01-01: days 15340, month 1, Sunday, standardised with training statistics.
    BOOST_TEST(rows.inputs(0, 0) == static_cast<float>((15340.0f - pre.centre[0]) / pre.scale[0]));
    BOOST_TEST(rows.inputs(0, 2) == static_cast<float>((6.0f - pre.centre[2]) / pre.scale[2]));
    expect_error_mentioning([&] { encode_new_rows(pre, parse_csv("day,x\n2012-02-30,1\n", "new.csv")); },
                            {"new.csv:2", "'day'", "not a date", "iso"});
}

BOOST_AUTO_TEST_CASE(a_numeric_target_with_many_values_is_refused_as_a_regression_target) {
    std::string csv = "x,t\n";
    for (int i = 0; i < 30; ++i) csv += std::to_string(i) + "," + std::to_string(i * 3) + "\n";
    const std::string path = write_csv("many", csv);
    expect_error_mentioning([&] { load_csv_dataset(path, config_for("t")); },
                            {"'t'", "30 distinct",
                             "looks like a regression target; pass --task regression, or "
                             "--task classification to treat each value as a class"});
    expect_error_mentioning(
        [&] { load_csv_dataset(write_csv("frac", "x,t\n1,0.5\n2,1\n3,0.5\n4,1\n"), config_for("t")); },
        {"not all whole numbers", "looks like a regression target"});
    CsvDatasetConfig config = config_for("t");
    config.task = TargetTask::regression;
    const TabularDataset ds = load_csv_dataset(path, config);
    BOOST_TEST(ds.regression);
    BOOST_TEST(ds.class_names.empty());
    BOOST_TEST(ds.y_train_values.size() + ds.y_test_values.size() == 30u);
    for (std::size_t r = 0; r < ds.y_train_values.size(); ++r)  // t = 3 x, x standardised back
        BOOST_TEST(ds.y_train_values[r] ==
                   3.0 * std::round(ds.X_train(r, 0) * ds.standardisation_scale[0] + ds.standardisation_centre[0]));
    BOOST_TEST(tabular_preprocessing(ds).regression);
    config.task = TargetTask::classification;
    BOOST_TEST(load_csv_dataset(path, config).class_names.size() > 20u);
    BOOST_TEST((parse_target_task("regression", "--task") == TargetTask::regression));
    BOOST_CHECK_THROW(parse_target_task("ranking", "--task"), Error);
}

BOOST_AUTO_TEST_CASE(numeric_class_names_are_ordered_as_numbers) {
    std::string csv = "x,grade\n";
    const char* grades[] = {"10", "2", "-1", "3"};
    for (int i = 0; i < 40; ++i) csv += std::to_string(i) + "," + grades[i % 4] + "\n";
    const TabularDataset ds = load_csv_dataset(write_csv("grades", csv), config_for("grade"));
    BOOST_TEST(ds.class_names == std::vector<std::string>({"-1", "2", "3", "10"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(real_tables_targets)

BOOST_AUTO_TEST_CASE(missing_targets_are_refused_by_default_and_never_imputed) {
    std::string csv = "x,t\n";
    for (int i = 0; i < 40; ++i)
        csv += std::to_string(i) + "," + (i % 9 == 4 ? std::string("NA") : std::to_string(i * 0.5)) + "\n";
    const std::string path = write_csv("gaps", csv);
    CsvDatasetConfig config = config_for("t");
    expect_error_mentioning([&] { load_csv_dataset(path, config); },
                            {"target column 't' has missing values at line 6", "a target is never imputed"});
    config.missing = MissingValues::mean;
    config.task = TargetTask::regression;
    const TabularDataset ds = load_csv_dataset(path, config);
    BOOST_TEST(ds.y_train_values.size() + ds.y_test_values.size() == 36u);  // the 4 NA targets left out
}

BOOST_AUTO_TEST_SUITE_END()
