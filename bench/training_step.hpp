#pragma once
// What the training workloads (T1, C1, R1) time: one optimiser step on one batch, taken
// exactly as nn::train_classifier takes it, and the seeded batches they run on.

#include <cstdint>
#include <string>
#include <vector>

#include "bench/workload.hpp"
#include "nn/model.hpp"
#include "nn/optimizer.hpp"

namespace agop::bench {

// Zero the gradients, forward, cross-entropy on the logits, backward, update.
// inputs (B, ...), labels (B) in [0, C).
void training_step(nn::Model& model, nn::Optimizer& optimizer, const Tensor& inputs, const std::vector<int>& labels);

// `steps` training steps on one batch, timed (the median repetition) as a rate of `unit`: the
// batch's rows per second (T1, C1).
Measurement training_steps_rate(const std::string& id, const std::string& description, const std::string& unit,
                                nn::Model& model, nn::Optimizer& optimizer, const Tensor& inputs,
                                const std::vector<int>& labels, std::size_t steps, int threads);

// `count` class labels drawn uniformly from [0, classes) with `seed`.
std::vector<int> random_labels(std::size_t count, std::size_t classes, std::uint64_t seed);

}  // namespace agop::bench
