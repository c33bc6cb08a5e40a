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
#include "nn/labelled_data.hpp"

namespace agop::cli {

struct TrainingData {
    std::string description;
    nn::LabelledData train, validation, test;
    std::size_t classes = 0;
    bool images = false;
    // Where the data set has one: synthetic tasks' Shapley values of every class (N_test, C, d);
    // XAI-TRIS masks (N_test, 1, 8, 8). Empty otherwise.
    Tensor test_ground_truth;
    // Tables read from files (adult, credit, csv): how their raw rows were encoded.
    std::optional<TabularPreprocessing> preprocessing;
};

// Parses the spec and loads the data; tabular sets without a validation split give 10% of
// their training rows to one (seeded, stratified). Throws agop::Error naming the spec.
TrainingData load_training_data(const std::string& spec, const std::string& data_dir, std::uint64_t seed);

}  // namespace agop::cli
