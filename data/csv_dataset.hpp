#pragma once
// A tabular data set from one CSV file with a header row and a named target column.

#include <cstdint>
#include <string>
#include <vector>

#include "data/csv.hpp"
#include "data/tabular_dataset.hpp"

namespace agop {

// What to do with rows that have missing cells (is_missing_cell: empty, ?, NA, N/A, NaN,
// null, None) in a feature column.
enum class MissingValues {
    refuse,  // an Error listing where they are (the default: nothing changes silently)
    drop,    // leave those rows out, after the split (raw_*_rows count them)
    mean,    // impute the training split's mean (encode_tabular's impute_missing_with_mean)
};

// "refuse", "drop", "mean" -> the policy; Error naming `argument` otherwise.
MissingValues parse_missing_values(const std::string& text, const std::string& argument);

struct CsvDatasetConfig {
    std::string target_column;
    // Declared kinds. A cell of a declared numeric column that does not parse is refused.
    std::vector<std::string> numeric_columns;
    std::vector<std::string> categorical_columns;
    // Columns ignored altogether (an ID, say).
    std::vector<std::string> drop_columns;
    // Undeclared columns: false = detected from the column as a whole (numeric when most of
    // its present cells are numbers, the others then being bad cells; categorical otherwise);
    // true = numeric.
    bool undeclared_are_numeric = false;
    MissingValues missing = MissingValues::refuse;
    // Seeded stratified train/test split (by target value); each split keeps file order.
    double test_fraction = 0.2;
    std::uint64_t seed = 0;
    CsvFormat format;
    std::string name;  // the data set's name; the file name when empty
};

// Reads, splits and encodes (tabular_encoding.hpp) the file. Errors name the file, line and
// column: ragged rows, bad cells (not a number, not missing) in numeric columns, missing
// cells under MissingValues::refuse, unknown or duplicate column names, empty target cells,
// a target with a single class, an empty file. The first few offending cells are listed.
TabularDataset load_csv_dataset(const std::string& path, const CsvDatasetConfig& config);

}  // namespace agop
