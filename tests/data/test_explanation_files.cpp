#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <sstream>

#include "data/checksum.hpp"
#include "data/explanation_files.hpp"
#include "data_test_support.hpp"
#include "support/expect_error.hpp"

using namespace agop;

namespace {

// Two rows, features height (numeric) and city (one-hot over three columns), before
// complete_tabular_explanation.
TabularExplanation two_raw_rows() {
    TabularExplanation e;
    e.method = "integrated-gradients";
    e.settings = {{"steps", std::uint64_t{50}}, {"baseline", std::string("zeros")}, {"noise_level", 0.1234567}};
    e.model_output = "logit";
    e.base_values_meaning = "f at the baseline";
    e.model_checksum = "fnv1a64:0123456789abcdef";
    e.agop_version = "0.1.0";
    e.feature_names = {"height", "city, town"};
    e.numeric_features = {true, false};
    e.column_names = {"height", "city, town=Oslo", "city, town=Paris", "city, town=Rome"};
    e.feature_groups = {0, 1, 1, 1};
    e.class_names = {"no", "yes"};
    e.lines = {2, 5};
    e.data = {{"1.5", "Paris"}, {"1.7", "Rome \"old\""}};
    e.predicted_class = {1, 0};
    e.probability = {0.75f, 0.5f};
    e.explained_class = {1, 1};
    e.attributions = Tensor::from_shape({2, 4});
    const float values[] = {0.5f, 0.25f, -1.0f, 0.125f, -2.0f, 1.0f, 1.0f, 1.0f};
    std::copy(values, values + 8, e.attributions.data());
    e.base_values = {0.1, std::numeric_limits<double>::quiet_NaN()};
    return e;
}

TabularExplanation two_rows() {
    TabularExplanation e = two_raw_rows();
    complete_tabular_explanation(e);
    return e;
}

// The same rows explained by a regression model of the target "price".
TabularExplanation two_raw_regression_rows() {
    TabularExplanation e = two_raw_rows();
    e.regression = true;
    e.class_names = {"price"};
    e.predicted_class.clear();
    e.probability.clear();
    e.explained_class.clear();
    e.predicted_value = {12.5f, -3.25f};
    return e;
}

TabularExplanation two_regression_rows() {
    TabularExplanation e = two_raw_regression_rows();
    complete_tabular_explanation(e);
    return e;
}

// Row r of `e` (not completed) alone, completed.
TabularExplanation row_of(const TabularExplanation& e, std::size_t r) {
    TabularExplanation one = e;
    auto keep = [r](auto& v) {
        if (!v.empty()) v = {v[r]};
    };
    keep(one.lines), keep(one.data), keep(one.predicted_class), keep(one.probability), keep(one.explained_class);
    keep(one.predicted_value), keep(one.base_values), keep(one.imputed);
    const std::size_t p = e.column_names.size();
    one.attributions = Tensor::from_shape({1, p});
    std::copy(e.attributions.data() + r * p, e.attributions.data() + (r + 1) * p, one.attributions.data());
    complete_tabular_explanation(one);
    return one;
}

// The explanation file from its per-row lists gathered one row at a time.
std::string json_from_row_blocks(const TabularExplanation& raw) {
    std::vector<std::string> lists;
    for (std::size_t r = 0; r < raw.lines.size(); ++r) {
        const auto block = explanation_json_rows(row_of(raw, r), r == 0);
        lists.resize(block.size());
        for (std::size_t i = 0; i < block.size(); ++i) lists[i] += block[i];
    }
    std::ostringstream out;
    write_explanation_json(out, row_of(raw, 0), [&](std::size_t list) { out << lists.at(list); });
    return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explanation_files)

BOOST_AUTO_TEST_CASE(the_json_from_per_row_lists_of_row_blocks_is_the_json_of_all_rows) {
    TabularExplanation raw = two_raw_rows();
    BOOST_TEST(json_from_row_blocks(raw) == explanation_json(two_rows()));
    BOOST_TEST(explanation_json_row_lists(two_rows()) == 8u);
    raw.imputed = {{"height", "city, town"}, {}};
    TabularExplanation imputing = raw;
    complete_tabular_explanation(imputing);
    BOOST_TEST(json_from_row_blocks(raw) == explanation_json(imputing));
    BOOST_TEST(explanation_json_row_lists(imputing) == 9u);
    BOOST_TEST(json_from_row_blocks(two_raw_regression_rows()) == explanation_json(two_regression_rows()));
    BOOST_TEST(explanation_json_row_lists(two_regression_rows()) == 6u);
}

BOOST_AUTO_TEST_CASE(the_csv_header_is_the_first_line_of_the_csv) {
    const TabularExplanation e = two_rows();
    for (bool per_column : {false, true}) {
        const std::string header = attributions_csv_header(e, per_column);
        BOOST_TEST(attributions_csv(e, per_column).rfind(header, 0) == 0u);
        BOOST_TEST(header.find("height") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(one_hot_groups_are_summed_per_feature) {
    const TabularExplanation e = two_rows();
    const Tensor f = sum_feature_groups(e.attributions, e.feature_groups, 2);
    BOOST_TEST(f(0, 0) == 0.5f);
    BOOST_TEST(f(0, 1) == -0.625f);
    BOOST_TEST(f(1, 0) == -2.0f);
    BOOST_TEST(f(1, 1) == 3.0f);
    expect_error_mentioning([&] { sum_feature_groups(e.attributions, {0, 1, 1, 2}, 2); }, {"column 3", "feature 2"});
}

BOOST_AUTO_TEST_CASE(csv_names_rows_classes_and_features) {
    const std::string csv = attributions_csv(two_rows(), false);
    BOOST_TEST(csv ==
               "line,predicted_class,probability,explained_class,height,\"city, town\"\n"
               "2,yes,0.75,yes,0.5,-0.625\n"
               "5,no,0.5,yes,-2,3\n");
    const std::string wide = attributions_csv(two_rows(), true);
    BOOST_TEST(wide.substr(0, wide.find('\n')) ==
               "line,predicted_class,probability,explained_class,height,\"city, town\",height,\"city, town=Oslo\","
               "\"city, town=Paris\",\"city, town=Rome\"");
    BOOST_TEST(wide.find("2,yes,0.75,yes,0.5,-0.625,0.5,0.25,-1,0.125\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_holds_shap_fields_and_provenance) {
    const std::string json = explanation_json(two_rows());
    for (const char* part : {"\"values\": [\n  [0.5,-0.625],\n  [-2,3]]", "\"base_values\": [0.1,null]",
                             "\"data\": [\n  [1.5,\"Paris\"],\n  [1.7,\"Rome \\\"old\\\"\"]]",
                             "\"feature_names\": [\"height\",\"city, town\"]", "\"output_names\": [\"no\",\"yes\"]",
                             "\"settings\": {\"steps\": 50, \"baseline\": \"zeros\", \"noise_level\": 0.1234567}",
                             "\"model_output\": \"logit\"", "\"model_checksum\": \"fnv1a64:0123456789abcdef\"",
                             "\"lines\": [2,5]", "\"predicted_class\": [\"yes\",\"no\"]", "\"probability\": [0.75,0.5]",
                             "\"explained_class\": [\"yes\",\"yes\"]"})
        BOOST_TEST(json.find(part) != std::string::npos, part);
}

BOOST_AUTO_TEST_CASE(inconsistent_sizes_are_refused) {
    TabularExplanation e = two_raw_rows();
    e.lines.pop_back();
    expect_error_mentioning([&] { complete_tabular_explanation(e); }, {"per-row", "2 entries"});
    e = two_raw_rows();
    e.explained_class[1] = 2;
    expect_error_mentioning([&] { complete_tabular_explanation(e); }, {"row 1", "class 2"});
    e = two_raw_rows();
    e.imputed = {{"height"}};
    expect_error_mentioning([&] { complete_tabular_explanation(e); }, {"per-row", "2 entries"});
    e = two_raw_rows();
    e.predicted_value = {1.0f, 2.0f};  // a classifier's rows carry no predicted value
    expect_error_mentioning([&] { complete_tabular_explanation(e); }, {"per-row"});
}

BOOST_AUTO_TEST_CASE(imputed_cells_are_a_last_csv_column_and_a_json_field_only_when_recorded) {
    TabularExplanation e = two_raw_rows();
    e.imputed = {{"height", "city, town"}, {}};
    complete_tabular_explanation(e);
    BOOST_TEST(attributions_csv(e, false) ==
               "line,predicted_class,probability,explained_class,height,\"city, town\",imputed\n"
               "2,yes,0.75,yes,0.5,-0.625,\"height;city, town\"\n"
               "5,no,0.5,yes,-2,3,\n");
    BOOST_TEST(explanation_json(e).find("\"imputed\": [[\"height\",\"city, town\"],[]]") != std::string::npos);
    BOOST_TEST(attributions_csv(two_rows(), false).find("imputed") == std::string::npos);
    BOOST_TEST(explanation_json(two_rows()).find("imputed") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(regression_rows_carry_the_predicted_value_instead_of_class_and_probability) {
    const TabularExplanation e = two_regression_rows();
    BOOST_TEST(attributions_csv(e, false) ==
               "line,predicted_value,height,\"city, town\"\n"
               "2,12.5,0.5,-0.625\n"
               "5,-3.25,-2,3\n");
    const std::string json = explanation_json(e);
    BOOST_TEST(json.find("\"predicted_value\": [12.5,-3.25]") != std::string::npos);
    BOOST_TEST(json.find("\"output_names\": [\"price\"]") != std::string::npos);
    BOOST_TEST(json.find("\"base_values\": [0.1,null]") != std::string::npos);
    for (const char* absent : {"predicted_class", "probability", "explained_class"})
        BOOST_TEST(json.find(absent) == std::string::npos, absent);
}

BOOST_AUTO_TEST_CASE(numeric_cells_are_parsed_once_and_other_cells_stay_text) {
    TabularExplanation e = two_raw_rows();
    e.data[1][0] = "?";  // a missing numeric cell is written as the text it was
    complete_tabular_explanation(e);
    BOOST_TEST(e.cell_numbers[0] == 1.5);
    BOOST_TEST(std::isnan(e.cell_numbers[1]));  // a category
    BOOST_TEST(std::isnan(e.cell_numbers[2]));
    BOOST_TEST(explanation_json(e).find("[\"?\",\"Rome") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(fnv1a64_matches_the_published_test_vectors) {
    // Test vectors from the FNV reference (Landon Curt Noll's fnv_test.c).
    BOOST_TEST(fnv1a64("", 0) == 0xcbf29ce484222325ull);
    BOOST_TEST(fnv1a64("a", 1) == 0xaf63dc4c8601ec8cull);
    BOOST_TEST(fnv1a64("foobar", 6) == 0x85944171f73967e8ull);
    const auto path = test::fresh_temp_dir("checksum") / "a.bin";
    test::write_text(path, "foobar");
    BOOST_TEST(file_checksum(path.string()) == "fnv1a64:85944171f73967e8");
    expect_error_mentioning([&] { file_checksum((path.parent_path() / "none").string()); }, {"none"});
}

BOOST_AUTO_TEST_CASE(csv_fields_are_quoted_with_doubled_quotes_only_when_needed_or_asked) {
    BOOST_TEST(csv_field("plain name") == "plain name");
    BOOST_TEST(csv_field("a,b") == "\"a,b\"");
    BOOST_TEST(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(csv_field("two\nlines") == "\"two\nlines\"");
    BOOST_TEST(csv_field("cr\r") == "\"cr\r\"");
    BOOST_TEST(csv_quoted("plain") == "\"plain\"");
    BOOST_TEST(csv_quoted("a\"b") == "\"a\"\"b\"");
    BOOST_TEST(csv_quoted("") == "\"\"");
}

BOOST_AUTO_TEST_SUITE_END()
