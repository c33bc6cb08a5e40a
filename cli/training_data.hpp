#pragma once
// The --data argument of `agop train`: which data set, split into train / validation / test.
//
//   synthetic:<linear|sparse_nonlinear|interaction>   the AGOP-IxG paper's tasks (Part A sizes)
//   xai-tris:<lin|mult|rigid|xor>:<white|correlated>   the image benchmark, 8x8
//   adult | credit                                      UCI files under --data-dir or AGOP_DATA_DIR
//   csv:<path>:<target column>                          any CSV with a header row
//   npy:<inputs.npy>:<labels.npy>                       inputs (N, ...) float, labels (N) integers

#include <cstdint>
#include <optional>
#include <string>

#include "data/tabular_preprocessing.hpp"
#include <CLI/CLI.hpp>

#include "data/class_labels.hpp"
#include "data/csv_dataset.hpp"
#include "nn/labelled_data.hpp"

namespace agop::cli {

// How data files are read: csv:'s markers of missing cells and their policy, the task, the
// columns used; npy:'s label rules.
struct DataReadingOptions {
    std::vector<std::string> missing_markers = default_missing_markers();
    MissingValues missing = MissingValues::refuse;
    TargetTask task = TargetTask::detect;
    std::vector<std::string> ignore_columns, features;
    ClassLabelRules labels;
};

// Adds --missing, --na-values, --task, --ignore-columns, --features and --allow-sparse-labels
// to `cmd`.
void add_data_reading_options(CLI::App* cmd, DataReadingOptions& options);

struct TrainingData {
    std::string description;
    nn::LabelledData train, validation, test;
    std::size_t classes = 0;  // 1 for regression
    bool images = false;
    // Regression (csv: with a numeric target): train/validation/test carry targets standardised
    // as (t - target_shift) / target_scale with the training split's mean and population
    // standard deviation; test_values are the test targets in their own units.
    bool regression = false;
    double target_shift = 0.0, target_scale = 1.0;
    std::vector<double> test_values;
    // Where the data set has one: synthetic tasks' Shapley values of every class (N_test, C, d);
    // XAI-TRIS masks (N_test, 1, 8, 8). Empty otherwise.
    Tensor test_ground_truth;
    // Tables read from files (adult, credit, csv): how their raw rows were encoded.
    std::optional<TabularPreprocessing> preprocessing;
};

// Parses the spec and loads the data; tabular sets without a validation split give 10% of
// their training rows to one (seeded, stratified). Throws agop::Error naming the spec.
TrainingData load_training_data(const std::string& spec, const std::string& data_dir, std::uint64_t seed,
                                const DataReadingOptions& reading = {});

}  // namespace agop::cli
