#pragma once
// Reading delimited text files into rows of string fields.
//
// RFC 4180 quoting ("a, b" and "say ""hi""" are one field each; a quoted field may span
// lines), LF or CRLF line ends, blank lines skipped, a leading UTF-8 byte order mark dropped. Every row must have as many fields as the
// header (or as the first row when there is none). A malformed file is refused with an
// agop::Error naming the file, the line and the column.

#include <string>
#include <vector>

namespace agop {

struct CsvFormat {
    char separator = ',';
    bool has_header = true;
    // Lines dropped before the header (or the first row), such as adult.test's "|1x3 Cross validator".
    std::size_t skip_lines = 0;
    // Strip spaces and tabs around unquoted fields (adult's ", " separators).
    bool trim_spaces = true;
};

struct CsvRow {
    std::size_t line = 0;  // 1-based line of the file where the row starts
    std::vector<std::string> fields;
};

struct CsvTable {
    std::string source;               // the file name, for error messages
    std::vector<std::string> header;  // empty when the format has no header
    std::vector<CsvRow> rows;
};

CsvTable read_csv(const std::string& path, const CsvFormat& format = {});
// The same from text in memory; `source` names it in errors.
CsvTable parse_csv(const std::string& text, const std::string& source, const CsvFormat& format = {});

// Index of `name` in the table's header; Error listing the header when absent.
std::size_t csv_column_index(const CsvTable& table, const std::string& name);

}  // namespace agop
