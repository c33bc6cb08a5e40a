#pragma once
// A CSV file read a block of records at a time, so that explaining it needs memory for one
// block rather than for the file. The records are those read_csv finds (data/csv.hpp: RFC 4180
// quoting, a quoted field may span lines, blank lines skipped, a leading byte order mark
// dropped, default CsvFormat); each block is parsed by parse_csv with the header in front, and
// its rows carry the lines of the file.
//
// count_csv_records makes one pass over the file first: the block grid of an explanation
// (explain/row_blocks.hpp) depends on the number of rows.

#include <cstddef>
#include <fstream>
#include <string>

#include "data/csv.hpp"

namespace agop {

// The data records of the CSV at `path` (the header not counted), in one pass of bounded memory.
std::size_t count_csv_records(const std::string& path);

class CsvBlockReader {
  public:
    // Opens `path` and reads its header record. Throws Error naming the file when it cannot be
    // read or holds no header.
    explicit CsvBlockReader(const std::string& path);

    // The next `count` data records (fewer at the end of the file) as a table with the header;
    // rows' lines are the file's. Errors of parse_csv name the file's line.
    CsvTable next(std::size_t count);
    // Passes over the next `count` data records without parsing them (a shard's rows before its own).
    void skip(std::size_t count);

  private:
    bool read_record(std::string& record);  // appends one record's bytes (with its line end); false at the end
    int get();                              // the next byte, or -1 at the end

    std::string path_;
    std::ifstream in_;
    std::string buffer_;
    std::size_t at_ = 0;
    std::string header_;
    std::size_t line_ = 1;  // the file line the next record starts on
};

}  // namespace agop
