#pragma once
// The common form of a real tabular data set after encoding: numeric columns standardised,
// categorical columns one-hot, every statistic fitted on the training split only.

#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

struct TabularDataset {
    std::string name;
    Tensor X_train;            // (n_train, p) encoded columns
    std::vector<int> y_train;  // (n_train) class index into class_names
    Tensor X_test;             // (n_test, p)
    std::vector<int> y_test;   // (n_test)

    std::vector<std::string> column_names;   // (p) "age", "workclass=Private", ...
    std::vector<std::size_t> feature_groups;  // (p) column -> index into feature_names
    std::vector<std::string> feature_names;   // original features, before one-hot encoding
    std::vector<std::string> class_names;     // sorted target values of the training split
    // (features) each feature's categories in one-hot column order; empty for a numeric feature.
    std::vector<std::vector<std::string>> feature_categories;
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
