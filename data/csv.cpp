#include "data/csv.hpp"

#include "autodiff/error.hpp"
#include "data/file_bytes.hpp"

namespace agop {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Walks the text once, producing records of fields while tracking line and column for errors.
class CsvScanner {
  public:
    CsvScanner(const std::string& text, const std::string& source, const CsvFormat& format)
        : text_(text), source_(source), format_(format) {}

    bool at_end() const { return pos_ >= text_.size(); }
    std::size_t line() const { return line_; }

    void skip_line() {
        while (!at_end() && text_[pos_] != '\n') ++pos_;
        if (!at_end()) advance_newline();
    }

    // The next record's fields; empty for a blank line.
    std::vector<std::string> next_record() {
        std::vector<std::string> fields;
        if (line_is_blank()) {
            skip_line();
            return fields;
        }
        while (true) {
            fields.push_back(next_field());
            if (at_end()) break;
            const char c = text_[pos_];
            if (c == format_.separator) {
                ++pos_;
                continue;
            }
            advance_newline();  // next_field stops only at a separator, a line end or the end
            break;
        }
        return fields;
    }

  private:
    bool line_is_blank() const {
        std::size_t p = pos_;
        while (p < text_.size() && (is_blank(text_[p]) || text_[p] == '\r')) ++p;
        return p >= text_.size() || text_[p] == '\n';
    }

    // At "\n", "\r\n" or a final "\r"; a lone "\r" elsewhere is data.
    bool at_line_end() const {
        const char c = text_[pos_];
        return c == '\n' || (c == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n'));
    }

    void advance_newline() {
        if (text_[pos_] == '\r') ++pos_;
        if (!at_end() && text_[pos_] == '\n') ++pos_;
        ++line_;
        line_start_ = pos_;
    }

    std::size_t column() const { return pos_ - line_start_ + 1; }

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(source_ + ":" + std::to_string(line_) + ":" + std::to_string(column()) + ": " + what);
    }

    std::string next_field() {
        if (format_.trim_spaces)
            while (!at_end() && is_blank(text_[pos_])) ++pos_;
        if (!at_end() && text_[pos_] == '"') return quoted_field();
        std::string field;
        while (!at_end() && text_[pos_] != format_.separator && !at_line_end()) field.push_back(text_[pos_++]);
        if (format_.trim_spaces)
            while (!field.empty() && is_blank(field.back())) field.pop_back();
        return field;
    }

    std::string quoted_field() {
        const std::size_t open_line = line_, open_column = column();
        ++pos_;
        std::string field;
        while (true) {
            if (at_end())
                throw Error(source_ + ":" + std::to_string(open_line) + ":" + std::to_string(open_column) +
                            ": quoted field is never closed (missing '\"')");
            const char c = text_[pos_];
            if (c == '"') {
                if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
                    field.push_back('"');
                    pos_ += 2;
                    continue;
                }
                ++pos_;
                break;
            }
            if (c == '\n') {
                field.push_back('\n');
                ++pos_;
                ++line_;
                line_start_ = pos_;
                continue;
            }
            field.push_back(c);
            ++pos_;
        }
        if (format_.trim_spaces)
            while (!at_end() && is_blank(text_[pos_])) ++pos_;
        if (!at_end() && text_[pos_] != format_.separator && !at_line_end())
            fail("unexpected '" + printable_excerpt(std::string(1, text_[pos_])) + "' after a closing quote; expected '" +
                 format_.separator + "' or the end of the line");
        return field;
    }

    const std::string& text_;
    const std::string& source_;
    const CsvFormat& format_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
};

}  // namespace

CsvTable parse_csv(const std::string& file_text, const std::string& source, const CsvFormat& format) {
    CsvTable table;
    table.source = source;
    // A UTF-8 byte order mark (Excel writes one) is not part of the first column's name.
    const bool bom = file_text.compare(0, 3, "\xEF\xBB\xBF") == 0;
    const std::string text = bom ? file_text.substr(3) : file_text;
    CsvScanner scanner(text, source, format);
    for (std::size_t i = 0; i < format.skip_lines && !scanner.at_end(); ++i) scanner.skip_line();

    std::size_t expected_fields = 0, expected_from_line = 0;
    while (!scanner.at_end()) {
        const std::size_t line = scanner.line();
        std::vector<std::string> fields = scanner.next_record();
        if (fields.empty()) continue;
        if (expected_fields == 0) {
            expected_fields = fields.size();
            expected_from_line = line;
            if (format.has_header) {
                table.header = std::move(fields);
                continue;
            }
        } else if (fields.size() != expected_fields) {
            throw Error(source + ":" + std::to_string(line) + ": row has " + std::to_string(fields.size()) +
                        " fields but " + (format.has_header ? "the header" : "the first row") + " (line " +
                        std::to_string(expected_from_line) + ") has " + std::to_string(expected_fields));
        }
        table.rows.push_back({line, std::move(fields)});
    }
    if (expected_fields == 0)
        throw Error(source + ": file is empty; expected " +
                    std::string(format.has_header ? "a header row and data rows" : "data rows"));
    return table;
}

CsvTable read_csv(const std::string& path, const CsvFormat& format) {
    return parse_csv(read_file_bytes(path, "a CSV file"), path, format);
}

std::size_t csv_column_index(const CsvTable& table, const std::string& name) {
    for (std::size_t i = 0; i < table.header.size(); ++i)
        if (table.header[i] == name) return i;
    std::string columns;
    for (const auto& h : table.header) columns += (columns.empty() ? "" : ", ") + h;
    throw Error(table.source + ": no column named '" + printable_excerpt(name) +
                "'; the header has: " + printable_excerpt(columns, 400));
}

}  // namespace agop
