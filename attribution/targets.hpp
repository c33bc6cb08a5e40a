#pragma once
// Which class each sample is explained for: a given class per sample, or the class the
// model predicts.

#include <vector>

#include "attribution/explained_model.hpp"

namespace agop {

class Targets {
  public:
    // The argmax of each sample's logits.
    static Targets predicted() { return Targets(true, {}); }
    // One class per sample, in sample order.
    static Targets classes(std::vector<int> per_sample) { return Targets(false, std::move(per_sample)); }

    bool is_predicted() const { return predicted_; }
    const std::vector<int>& given() const { return classes_; }

  private:
    Targets(bool predicted, std::vector<int> classes) : predicted_(predicted), classes_(std::move(classes)) {}
    bool predicted_;
    std::vector<int> classes_;
};

// inputs (N, ...) -> the argmax of each row's logits (N); the first maximum on ties.
std::vector<int> predicted_classes(const ExplainedModel& model, const Tensor& inputs);

// inputs (N, ...) -> one class per sample (N). Given classes are checked against the
// model's number of classes (one forward pass of the first sample tells it).
std::vector<int> resolve_targets(const ExplainedModel& model, const Tensor& inputs, const Targets& targets);

}  // namespace agop
