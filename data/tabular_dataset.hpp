#pragma once
// The common form of a real tabular data set after encoding: numeric columns standardised,
// categorical columns one-hot, every statistic fitted on the training split only.

#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "data/date_cells.hpp"

namespace agop {

struct TabularDataset {
    std::string name;
    Tensor X_train;            // (n_train, p) encoded columns
    std::vector<int> y_train;  // (n_train) class index into class_names; 0 for regression
    Tensor X_test;             // (n_test, p)
    std::vector<int> y_test;   // (n_test)
    // Regression: the targets' values (class_names is then empty).
    bool regression = false;
    std::vector<double> y_train_values, y_test_values;  // (n_train), (n_test)

    std::vector<std::string> column_names;   // (p) "age", "workclass=Private", ...
    std::vector<std::size_t> feature_groups;  // (p) column -> index into feature_names
    std::vector<std::string> feature_names;   // original features, before one-hot encoding
    std::vector<std::string> class_names;     // sorted target values of the training split
    // (features) each feature's categories in one-hot column order; empty for a numeric feature.
    std::vector<std::vector<std::string>> feature_categories;
    // (features) the format of each date feature (three encoded columns); none for the others.
    std::vector<DateFormat> feature_date_formats;
    // (features) the most frequent training category; empty for numeric and date features.
    std::vector<std::string> most_frequent_category;
    // (p) the raw value each encoded column of a missing cell takes: the training mean (or
    // median) of a numeric or date column; 1 for the most frequent category's column, else 0.
    std::vector<double> fill_values;
    std::vector<std::string> missing_markers;  // the cells read as missing
    std::string missing_policy = "refuse";     // as --missing names it
    std::string target_column;                 // the target's column name in the file
    std::vector<std::string> ignored_columns;  // file columns the model does not use (an ID)

    // (p) column means of X_train: the ROAR replacement value (about 0 for standardised
    // numeric columns, the category frequency for one-hot columns).
    Tensor training_means;
    // (p) the standardisation x' = (x - centre) / scale applied to each column
    // (numeric: training mean and population standard deviation; one-hot: 0 and 1).
    std::vector<double> standardisation_centre;
    std::vector<double> standardisation_scale;

    // Rows read from the files before rows with missing values were dropped.
    std::size_t raw_train_rows = 0;
    std::size_t raw_test_rows = 0;
};

}  // namespace agop
