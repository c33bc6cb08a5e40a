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

// Whether `text` is a whole number in C syntax (leading/trailing spaces not allowed); the value in `value`.
bool parse_number(const std::string& text, double& value);

// Encodes train and test into a dataset named `name`; raw_*_rows are left for the caller.
// A numeric cell that does not parse, or a test target unseen in training, is an Error naming
// the file, line and column.
TabularDataset encode_tabular(const RawTable& train, const RawTable& test, const RawSchema& schema,
                              const std::string& name);

}  // namespace agop
