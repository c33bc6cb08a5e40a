#pragma once
// Callbacks the trainer runs at epoch starts, batch ends and epoch ends.

#include <cstddef>
#include <vector>

#include "nn/model.hpp"

namespace agop::nn {

// What a batch-end hook sees: the batch just trained on (the weights are already updated).
struct BatchEnd {
    std::size_t epoch, batch;      // both from 0
    const Tensor& inputs;          // (B, ...)
    const std::vector<int>& labels;
    double loss;
};

struct EpochSummary {
    std::size_t epoch = 0;
    double train_loss = 0.0, train_accuracy = 0.0;
    double validation_loss = 0.0, validation_accuracy = 0.0;  // 0 without validation data
    double learning_rate = 0.0;
    double seconds = 0.0, samples_per_second = 0.0;
};

class TrainingHook {
  public:
    virtual ~TrainingHook() = default;
    virtual void on_epoch_begin(Model&, std::size_t /*epoch*/) {}
    virtual void on_batch_end(Model&, const BatchEnd&) {}
    virtual void on_epoch_end(Model&, const EpochSummary&) {}
};

}  // namespace agop::nn
