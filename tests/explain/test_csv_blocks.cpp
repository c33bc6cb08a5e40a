// A CSV read a block of records at a time gives the rows, fields and file lines that read_csv
// gives for the whole file, for any block size; errors name the file's lines.

#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "data/data_test_support.hpp"
#include "explain/csv_blocks.hpp"
#include "support/expect_error.hpp"

using namespace agop;

namespace {

// Quoted separators, a quoted field across two lines, doubled quotes, blank lines, CRLF, a
// quote inside an unquoted field, a BOM, and no final line end.
const char* const tricky_csv =
    "\xEF\xBB\xBF"
    "name,note,value\r\n"
    "a,\"x, y\",1\r\n"
    "\n"
    "b,\"two\nlines\",2\n"
    "  \t\n"
    "c,say \"hi\",3\n"
    "\"d\",\"\"\"q\"\"\",4\n"
    "e,,5";

std::filesystem::path written(const std::string& name, const std::string& text) {
    const auto path = test::fresh_temp_dir(name) / "rows.csv";
    test::write_text(path, text);
    return path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_blocks)

BOOST_AUTO_TEST_CASE(blocks_of_any_size_give_the_rows_and_lines_of_the_whole_file) {
    const auto path = written("blocks", tricky_csv);
    const CsvTable whole = read_csv(path.string());
    BOOST_TEST(count_csv_records(path.string()) == whole.rows.size());
    BOOST_TEST(whole.rows.size() == 5u);
    for (std::size_t block : {1, 2, 3, 5, 100}) {
        BOOST_TEST_CONTEXT("blocks of " << block) {
            CsvBlockReader reader(path.string());
            std::vector<CsvRow> rows;
            for (CsvTable t = reader.next(block); !t.rows.empty(); t = reader.next(block)) {
                BOOST_TEST(t.header == whole.header, "header");
                BOOST_TEST(t.rows.size() <= block);
                rows.insert(rows.end(), t.rows.begin(), t.rows.end());
            }
            BOOST_REQUIRE(rows.size() == whole.rows.size());
            for (std::size_t r = 0; r < rows.size(); ++r) {
                BOOST_TEST(rows[r].line == whole.rows[r].line, "row " << r);
                BOOST_TEST(rows[r].fields == whole.rows[r].fields, "row " << r);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(skipped_records_are_passed_over_and_the_next_keep_their_lines) {
    const auto path = written("skip", tricky_csv);
    const CsvTable whole = read_csv(path.string());
    for (std::size_t skipped : {0, 1, 2, 4, 5}) {
        CsvBlockReader reader(path.string());
        reader.skip(skipped);
        const CsvTable rest = reader.next(100);
        BOOST_REQUIRE(rest.rows.size() == whole.rows.size() - skipped);
        for (std::size_t r = 0; r < rest.rows.size(); ++r) {
            BOOST_TEST(rest.rows[r].line == whole.rows[skipped + r].line, "skipped " << skipped << ", row " << r);
            BOOST_TEST(rest.rows[r].fields == whole.rows[skipped + r].fields);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_malformed_row_is_named_by_its_line_in_the_file) {
    const auto path = written("bad", "a,b\n1,2\n3,4\n\n5,6,7\n8,9\n");
    CsvBlockReader reader(path.string());
    BOOST_TEST(reader.next(2).rows.size() == 2u);
    expect_error_mentioning([&] { reader.next(2); }, {"rows.csv:5:", "3 fields"});
}

BOOST_AUTO_TEST_CASE(an_empty_file_and_a_header_alone_are_told_apart) {
    expect_error_mentioning([&] { CsvBlockReader reader(written("empty", "\n\n").string()); }, {"empty"});
    const auto header_only = written("header", "a,b\n");
    BOOST_TEST(count_csv_records(header_only.string()) == 0u);
    CsvBlockReader reader(header_only.string());
    BOOST_TEST(reader.next(10).rows.empty());
}

BOOST_AUTO_TEST_SUITE_END()
