// Results tables and their Markdown and CSV forms.

#include <boost/test/unit_test.hpp>

#include <limits>

#include "autodiff/error.hpp"
#include "experiments/table.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(table)

Table small_table() {
    Table t;
    t.id = "demo";
    t.title = "Demo";
    t.columns = {"method", "spearman"};
    t.add_row({Cell::of_text("agop-ixg"), Cell::of_interval(0.91234, 0.0042)});
    t.add_row({Cell::of_text("lime, tabular"), Cell::of_number(0.5)});
    t.notes = {"K chosen by 95% of trace (a documented choice)."};
    return t;
}

BOOST_AUTO_TEST_CASE(markdown_has_title_rows_intervals_and_notes) {
    const std::string md = to_markdown(small_table());
    BOOST_TEST(md.find("### Demo") == 0u);
    BOOST_TEST(md.find("| agop-ixg | 0.912 ± 0.004 |") != std::string::npos);
    BOOST_TEST(md.find("| lime, tabular | 0.500 |") != std::string::npos);
    BOOST_TEST(md.find("- K chosen") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(csv_quotes_commas_and_splits_intervals) {
    const std::string csv = to_csv(small_table());
    BOOST_TEST(csv == "method,spearman,spearman ±\nagop-ixg,0.912340,0.004200\n\"lime, tabular\",0.500000,\n");
}

BOOST_AUTO_TEST_CASE(an_infinite_half_width_shows_no_interval) {
    BOOST_TEST(Cell::of_interval(0.5, std::numeric_limits<double>::infinity()).formatted() == "0.500");
    BOOST_TEST(Cell::of_interval(0.5, 0.25).formatted() == "0.500 ± 0.250");
}

BOOST_AUTO_TEST_CASE(rows_of_the_wrong_width_are_refused) {
    Table t = small_table();
    BOOST_CHECK_THROW(t.add_row({Cell::of_text("x")}), Error);
}

BOOST_AUTO_TEST_CASE(finiteness_check_sees_nan_and_infinity) {
    Table t = small_table();
    BOOST_TEST(t.all_numbers_finite());
    t.add_row({Cell::of_text("bad"), Cell::of_number(std::numeric_limits<double>::infinity())});
    BOOST_TEST(!t.all_numbers_finite());
}

BOOST_AUTO_TEST_SUITE_END()
