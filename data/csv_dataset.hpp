#pragma once
// A tabular data set from one CSV file with a header row and a named target column.

#include <cstdint>
#include <string>
#include <vector>

#include "data/csv.hpp"
#include "data/tabular_dataset.hpp"
#include "data/tabular_encoding.hpp"

namespace agop {

// Classification or regression; `detect` refuses a numeric target that looks like a
// regression target (more than 20 distinct values, or any non-integer value).
enum class TargetTask { detect, classification, regression };

// "classification", "regression" -> the task; Error naming `argument` otherwise.
TargetTask parse_target_task(const std::string& text, const std::string& argument);

struct CsvDatasetConfig {
    std::string target_column;
    TargetTask task = TargetTask::detect;
    // Declared kinds. A cell of a declared numeric column that does not parse is refused.
    std::vector<std::string> numeric_columns;
    std::vector<std::string> categorical_columns;
    // Columns ignored altogether (an ID, say).
    std::vector<std::string> drop_columns;
    // When not empty, the only feature columns; every other column but the target is ignored.
    std::vector<std::string> feature_columns;
    // Undeclared columns: false = detected from the column as a whole (numeric when most of
    // its present cells are numbers, the others then being bad cells; a date column when every
    // present cell is a date in one format (date_cells.hpp); categorical otherwise, and then
    // refused as an identifier when it has about one distinct value per row); true = numeric.
    bool undeclared_are_numeric = false;
    std::vector<std::string> missing_markers = default_missing_markers();
    MissingValues missing = MissingValues::refuse;
    // Categories collected from every row of the file (false: from the training split only).
    bool categories_from_every_row = true;
    // Seeded stratified train/test split (by target value); each split keeps file order.
    double test_fraction = 0.2;
    std::uint64_t seed = 0;
    CsvFormat format;
    std::string name;  // the data set's name; the file name when empty
};

// Reads, splits and encodes (tabular_encoding.hpp) the file. Errors name the file, line and
// column: ragged rows, bad cells (not a number, not missing) in numeric columns, missing
// cells under MissingValues::refuse, unknown or duplicate column names, empty target cells,
// a target with a single class, a likely regression target under `detect`, an identifier
// column, an empty file. The first few offending cells are listed with their count.
TabularDataset load_csv_dataset(const std::string& path, const CsvDatasetConfig& config);

}  // namespace agop
