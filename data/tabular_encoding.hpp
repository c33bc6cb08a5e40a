#pragma once
// Turning string cells into a TabularDataset: the encoding shared by the Adult, Credit and
// generic CSV loaders.
//
// Numeric columns are parsed ("500000", "5e+05" and "5.00E+05" all read as 500000) and
// standardised with the training split's mean and population standard deviation (a constant
// column keeps scale 1). Date columns (date_cells.hpp) become three numeric columns
// standardised the same way. Categorical columns become one 0/1 column per category, in
// sorted order (EncodingOptions::category_rows says from which rows); a category absent
// from the list encodes as all zeros in its group. Class names are the distinct training targets, sorted as numbers
// when every one is a number and as text otherwise.

#include <string>
#include <vector>

#include "data/date_cells.hpp"
#include "data/tabular_dataset.hpp"

namespace agop {

enum class ColumnKind { numeric, categorical, date };

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
    std::vector<DateFormat> date_formats;    // (features) for date columns; empty when there are none
};

// The cells pandas' read_csv takes as missing by default (case-sensitive: '', 'NA', 'N/A',
// 'n/a', 'NaN', 'nan', 'NULL', 'null', 'None', '<NA>', '#N/A', ...), plus '?' as UCI files
// write it. 'none' and 'missing' are ordinary categories.
const std::vector<std::string>& default_missing_markers();

// Whether `text` is one of `markers` (exact, case-sensitive).
bool is_missing_cell(const std::string& text, const std::vector<std::string>& markers);

// Whether `text` is a whole finite number in C syntax (leading/trailing spaces not allowed);
// the value in `value`. "inf", "nan", "1e999" and "l2.5" are not numbers.
bool parse_number(const std::string& text, double& value);

// The category a missing categorical cell becomes under MissingValues::category.
inline const char* const kMissingCategory = "(missing)";

// What to do with missing cells (csv_dataset.hpp reads the flag).
enum class MissingValues {
    refuse,    // refused at training (the default) and at explain time
    drop,      // rows left out at training; new rows imputed as `mean` does
    mean,      // numeric and date cells take the training mean, categorical the most frequent category
    median,    // as mean, with the training median
    category,  // categorical cells become the category "(missing)"; numeric and date cells as mean
};

struct EncodingOptions {
    std::vector<std::string> missing_markers = default_missing_markers();
    // mean, median and category impute missing cells; refuse and drop expect none (the loader
    // removed or refused them): a missing numeric cell is then an Error and a missing
    // categorical cell a category of its own.
    MissingValues missing = MissingValues::refuse;
    // When set, the categories of each categorical feature are those of these rows (the whole
    // file: a category list carries no label) rather than of the training split.
    const RawTable* category_rows = nullptr;
    // Targets are numbers to predict (y_*_values) rather than classes.
    bool regression = false;
};

// Encodes train and test into a dataset named `name`; raw_*_rows are left for the caller.
// A numeric cell that does not parse or lies beyond float32's range, a date cell not in its
// column's format, or a test target unseen in training, is an Error naming the file, line
// and column. The dataset's fill values (the training mean or median of each numeric and
// date column, the most frequent training category) are those of the present training cells.
TabularDataset encode_tabular(const RawTable& train, const RawTable& test, const RawSchema& schema,
                              const std::string& name, const EncodingOptions& options = {});

// "refuse", "drop", "mean", "median", "category" and back.
MissingValues parse_missing_values(const std::string& text, const std::string& argument);
std::string missing_values_name(MissingValues policy);

// One line saying how a model trained under `policy` fills the missing cells of new rows ("" for
// refuse, which refuses them).
std::string missing_values_note(MissingValues policy);

}  // namespace agop
