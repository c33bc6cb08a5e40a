#pragma once
// Turning string cells into a TabularDataset: the encoding shared by the Adult, Credit and
// generic CSV loaders.
//
// Numeric columns are parsed ("500000", "5e+05" and "5.00E+05" all read as 500000) and
// standardised with the training split's mean and population standard deviation (a constant
// column keeps scale 1). Categorical columns become one 0/1 column per category seen in the
// training split, in sorted order; a category that appears only in the test split encodes
// as all zeros in its group. Class names are the sorted distinct training targets.

#include <string>
#include <vector>

#include "data/tabular_dataset.hpp"

namespace agop {

enum class ColumnKind { numeric, categorical };

// The string cells of one split, with where each came from (for error messages).
struct RawTable {
    std::string source;                             // file name
    std::vector<std::vector<std::string>> features;  // (rows, features)
    std::vector<std::string> targets;               // (rows)
    std::vector<std::size_t> lines;                 // (rows) 1-based file line of each row
};

struct RawSchema {
    std::vector<std::string> feature_names;  // (features)
    std::vector<ColumnKind> kinds;           // (features)
    std::vector<std::size_t> file_columns;   // (features) 1-based column in the file, for errors
};

// Whether `text` is a whole finite number in C syntax (leading/trailing spaces not allowed);
// the value in `value`. "inf", "nan", "1e999" and "l2.5" are not numbers.
bool parse_number(const std::string& text, double& value);

// Whether a cell means "no value": empty, "?", or (any case) "NA", "N/A", "NaN", "null",
// "None". Anything else that is not a number in a numeric column is a bad cell, not a
// missing one (data/README.md).
bool is_missing_cell(const std::string& text);

// Encodes train and test into a dataset named `name`; raw_*_rows are left for the caller.
// A numeric cell that does not parse or lies beyond float32's range, or a test target unseen
// in training, is an Error naming the file, line and column.
// impute_missing_with_mean: missing cells (is_missing_cell) take the mean of the training
// split's present values of each encoded column, before standardisation: the training mean
// for a numeric column, the category frequencies for a one-hot group; missing cells are then
// not a category. When false, a missing numeric cell is an Error and a missing categorical
// cell is a category of its own.
TabularDataset encode_tabular(const RawTable& train, const RawTable& test, const RawSchema& schema,
                              const std::string& name, bool impute_missing_with_mean = false);

}  // namespace agop
