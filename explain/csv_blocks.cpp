#include "explain/csv_blocks.hpp"

#include <cstdlib>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// Where a record ends, byte by byte, by parse_csv's rules: a quote opens a quoted field only
// at the start of a field (after blanks); a line end inside quotes is data; a line of blanks
// alone is no record.
class RecordEnds {
  public:
    // Feeds byte c; true when c ends a record (a line end outside quotes, the line not blank).
    bool feed(char c) {
        switch (state_) {
            case State::blank_line:
                if (c == '\n') return false;
                if (c == ' ' || c == '\t' || c == '\r') return false;
                state_ = c == '"' ? State::quoted : c == ',' ? State::field_start : State::unquoted;
                return false;
            case State::field_start:
                if (c == ' ' || c == '\t') return false;
                if (c == '"')
                    state_ = State::quoted;
                else if (c != ',')
                    state_ = State::unquoted;
                return end_at(c);
            case State::unquoted:
                if (c == ',') state_ = State::field_start;
                return end_at(c);
            case State::quoted:
                if (c == '"') state_ = State::quote_seen;
                return false;
            case State::quote_seen:
                if (c == '"')
                    state_ = State::quoted;
                else if (c == ',')
                    state_ = State::field_start;
                else
                    state_ = State::unquoted;  // blanks, or an error parse_csv names
                return end_at(c);
        }
        return false;
    }
    // Whether the bytes fed since the last record end hold a record (one without a final line end).
    bool inside_record() const { return state_ != State::blank_line; }

  private:
    enum class State { blank_line, field_start, unquoted, quoted, quote_seen };
    bool end_at(char c) {
        if (c != '\n') return false;
        state_ = State::blank_line;
        return true;
    }
    State state_ = State::blank_line;
};

constexpr std::size_t kReadBytes = 1 << 20;

// parse_csv's "FILE:LINE:..." of a block, with the block's line turned into the file's.
[[noreturn]] void rethrow_with_file_line(const Error& error, const std::string& path, std::size_t offset) {
    const std::string what = error.what(), prefix = path + ":";
    if (what.rfind(prefix, 0) == 0) {
        char* end = nullptr;
        const unsigned long long line = std::strtoull(what.c_str() + prefix.size(), &end, 10);
        if (end != what.c_str() + prefix.size() && line >= 2)
            throw Error(prefix + std::to_string(line - 2 + offset) + std::string(end));
    }
    throw error;
}

}  // namespace

std::size_t count_csv_records(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot be read; expected a CSV file");
    std::string buffer(kReadBytes, '\0');
    RecordEnds ends;
    std::size_t records = 0;
    bool first = true;
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
        std::size_t begin = 0;
        const auto got = static_cast<std::size_t>(in.gcount());
        if (first && got >= 3 && buffer.compare(0, 3, "\xEF\xBB\xBF") == 0) begin = 3;
        first = false;
        for (std::size_t i = begin; i < got; ++i) records += ends.feed(buffer[i]);
    }
    records += ends.inside_record();
    return records == 0 ? 0 : records - 1;
}

CsvBlockReader::CsvBlockReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw Error(path + ": cannot be read; expected a CSV file");
    // A UTF-8 byte order mark (Excel writes one) is not part of the first column's name.
    const bool bom = get() == 0xEF && get() == 0xBB && get() == 0xBF;
    if (bom) buffer_.erase(0, 3);
    at_ = 0;
    if (!read_record(header_)) throw Error(path + ": file is empty; expected a header row and data rows");
}

int CsvBlockReader::get() {
    if (at_ == buffer_.size()) {
        if (at_ > kReadBytes) {  // keep the buffer bounded: drop what was consumed
            buffer_.clear();
            at_ = 0;
        }
        const std::size_t old = buffer_.size();
        buffer_.resize(old + kReadBytes);
        in_.read(buffer_.data() + old, static_cast<std::streamsize>(kReadBytes));
        buffer_.resize(old + static_cast<std::size_t>(in_.gcount()));
        if (at_ == buffer_.size()) return -1;
    }
    return static_cast<unsigned char>(buffer_[at_++]);
}

bool CsvBlockReader::read_record(std::string& record) {
    RecordEnds ends;
    const std::size_t start = record.size();
    for (int c = get(); c != -1; c = get()) {
        record.push_back(static_cast<char>(c));
        if (c == '\n') ++line_;
        if (ends.feed(static_cast<char>(c))) return true;
    }
    if (ends.inside_record()) {
        record.push_back('\n');
        return true;
    }
    record.resize(start);
    return false;
}

void CsvBlockReader::skip(std::size_t count) {
    std::string record;
    for (std::size_t i = 0; i < count && read_record(record); ++i) record.clear();
}

CsvTable CsvBlockReader::next(std::size_t count) {
    std::string text = header_;
    const std::size_t first_line = line_;
    std::size_t records = 0;
    while (records < count && read_record(text)) ++records;
    CsvTable table;
    try {
        table = parse_csv(text, path_);
    } catch (const Error& error) {
        rethrow_with_file_line(error, path_, first_line);
    }
    for (CsvRow& row : table.rows) row.line = row.line - 2 + first_line;
    return table;
}

}  // namespace agop
