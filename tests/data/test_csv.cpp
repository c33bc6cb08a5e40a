#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "data/csv.hpp"
#include "data_test_support.hpp"

using namespace agop;

namespace {

// The message of the Error that parsing `text` throws ("" when it does not throw).
std::string parse_error(const std::string& text, const CsvFormat& format = {}) {
    try {
        parse_csv(text, "fixture.csv", format);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(reads_header_and_rows_with_line_numbers) {
    const CsvTable t = parse_csv("a,b,c\n1,2,3\n\n4,5,6\n", "x.csv");
    BOOST_TEST(t.header == std::vector<std::string>({"a", "b", "c"}));
    BOOST_TEST(t.rows.size() == 2u);
    BOOST_TEST(t.rows[1].fields == std::vector<std::string>({"4", "5", "6"}));
    BOOST_TEST(t.rows[1].line == 4u);
}

BOOST_AUTO_TEST_CASE(handles_crlf_quotes_and_embedded_separators) {
    const CsvTable t = parse_csv("name,note\r\n\"Smith, J\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\r\nlast,\r\n", "x.csv");
    BOOST_TEST(t.rows.size() == 3u);
    BOOST_TEST(t.rows[0].fields[0] == "Smith, J");
    BOOST_TEST(t.rows[0].fields[1] == "say \"hi\"");
    BOOST_TEST(t.rows[1].fields[0] == "two\nlines");
    BOOST_TEST(t.rows[2].line == 5u);  // the quoted newline counts as a line
    BOOST_TEST(t.rows[2].fields[1] == "");
}

BOOST_AUTO_TEST_CASE(trims_spaces_and_skips_leading_lines_like_adult_test) {
    CsvFormat format;
    format.has_header = false;
    format.skip_lines = 1;
    const CsvTable t = parse_csv("|1x3 Cross validator\n25, Private, <=50K.\n38, ?, >50K.\n", "adult.test", format);
    BOOST_TEST(t.header.empty());
    BOOST_TEST(t.rows.size() == 2u);
    BOOST_TEST(t.rows[0].fields == std::vector<std::string>({"25", "Private", "<=50K."}));
    BOOST_TEST(t.rows[1].line == 3u);
}

BOOST_AUTO_TEST_CASE(ragged_row_is_refused_with_file_and_line) {
    const std::string message = parse_error("a,b\n1,2\n3\n");
    BOOST_TEST(message.find("fixture.csv:3") != std::string::npos);
    BOOST_TEST(message.find("1 fields but the header (line 1) has 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unclosed_quote_is_refused_with_line_and_column) {
    const std::string message = parse_error("a,b\n1,\"open\n");
    BOOST_TEST(message.find("fixture.csv:2:3") != std::string::npos);
    BOOST_TEST(message.find("never closed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_after_closing_quote_is_refused) {
    BOOST_TEST(parse_error("a,b\n\"x\"y,2\n").find("fixture.csv:2:4") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_file_is_refused) {
    BOOST_TEST(parse_error("").find("file is empty") != std::string::npos);
    BOOST_TEST(parse_error("\n\r\n  \n").find("file is empty") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(read_csv_reads_a_file_and_names_a_missing_one) {
    const auto path = test::fresh_temp_dir("csv") / "t.csv";
    test::write_text(path, "x;y\n1;2\n");
    CsvFormat format;
    format.separator = ';';
    BOOST_TEST(read_csv(path.string(), format).rows[0].fields[1] == "2");
    BOOST_CHECK_THROW(read_csv("/nonexistent/t.csv"), Error);
}

BOOST_AUTO_TEST_CASE(column_index_finds_names_and_lists_the_header_otherwise) {
    const CsvTable t = parse_csv("a,b\n1,2\n", "x.csv");
    BOOST_TEST(csv_column_index(t, "b") == 1u);
    try {
        csv_column_index(t, "target");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("no column named 'target'; the header has: a, b") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
