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

// inputs (N, ...) -> d logits[n, c_n] / d inputs[n] (N, ...) for the given classes c_n
// (target_logit_gradients) or the predicted ones (predicted_class_gradients: no separate
// prediction pass). What the gradient methods call, so that explain() with
// Targets::predicted() costs them one forward pass fewer.
Tensor target_gradients(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                        const std::string& method);

}  // namespace agop
