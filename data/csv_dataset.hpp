#pragma once
// A tabular data set from one CSV file with a header row and a named target column.

#include <cstdint>
#include <string>
#include <vector>

#include "data/csv.hpp"
#include "data/tabular_dataset.hpp"

namespace agop {

struct CsvDatasetConfig {
    std::string target_column;
    // Declared kinds. A cell of a declared numeric column that does not parse is refused.
    std::vector<std::string> numeric_columns;
    std::vector<std::string> categorical_columns;
    // Columns ignored altogether (an ID, say).
    std::vector<std::string> drop_columns;
    // Undeclared columns: false = detected (numeric when every cell parses as a number,
    // categorical otherwise); true = numeric.
    bool undeclared_are_numeric = false;
    // Seeded stratified train/test split (by target value); each split keeps file order.
    double test_fraction = 0.2;
    std::uint64_t seed = 0;
    CsvFormat format;
    std::string name;  // the data set's name; the file name when empty
};

// Reads, splits and encodes (tabular_encoding.hpp) the file. Errors name the file, line and
// column: ragged rows, unparsable numbers in declared numeric columns, unknown column names
// (target, declared or dropped), an empty file.
TabularDataset load_csv_dataset(const std::string& path, const CsvDatasetConfig& config);

}  // namespace agop
