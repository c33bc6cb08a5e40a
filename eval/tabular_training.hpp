#pragma once
// The tabular classifier of `agop train` on tables, of ROAR's retraining (eval/roar.hpp) and of
// both tabular experiments (papers.md Part A "Tabular model"):
// an MLP d -> 64 -> 64 -> C with ReLU, trained with Adam (lr 1e-3, batch 128) on a random
// (1 - validation_fraction) of the given rows, early stopping on the validation loss of the
// rest (patience 5) and the best-validation weights kept.

#include <cstdint>
#include <memory>
#include <vector>

#include "autodiff/tensor.hpp"
#include "nn/mlp.hpp"

namespace agop {

struct TabularTrainingConfig {
    std::vector<std::size_t> hidden{64, 64};
    float learning_rate = 1e-3f;
    std::size_t batch_size = 128;
    std::size_t epochs = 50;
    std::size_t patience = 5;          // epochs without a better validation loss before stopping
    double validation_fraction = 0.1;  // share of the given rows held out for early stopping
};

struct TrainedTabularModel {
    std::unique_ptr<nn::Mlp> model;
    std::size_t epochs_run = 0;
    double validation_accuracy = 0.0;
};

// A regression MLP trained on standardised targets t' = (t - shift) / scale predicts in the
// targets' own units once its last linear layer is rescaled: W <- scale W, b <- scale b + shift.
// Throws Error unless the model has exactly one output and scale is finite and positive.
void fold_target_standardisation(nn::Mlp& model, double scale, double shift);

// inputs (N, d), labels (N) in [0, classes) -> a trained MLP. `seed` fixes the validation
// split (stream 0), the initial weights (stream 1) and the batch order (stream 2).
// Throws Error if there are fewer than 2 rows or the validation share leaves no row on a side.
TrainedTabularModel train_tabular_mlp(const Tensor& inputs, const std::vector<int>& labels, std::size_t classes,
                                      const TabularTrainingConfig& config, std::uint64_t seed);

}  // namespace agop
