#pragma once
// What the perturbation metrics (deletion_insertion, faithfulness_correlation, prediction_gap)
// remove or perturb: groups of a sample's elements. A tabular row has one group per column
// (or per original feature: the one-hot columns of a category move together); an image has one
// group per p x p patch, spanning every channel. A group's attribution is the sum of its
// elements' attributions.
//
// And the one model evaluation every metric shares: the explained output (a logit, a
// probability or a regression value: whatever `model` returns, at each row's target) of
// N x S perturbed copies of the inputs, built on demand and run through the model in pieces
// (attribution/explained_model.hpp), so that rows x perturbations go through one batched pass.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "attribution/explained_model.hpp"
#include "autodiff/tensor.hpp"

namespace agop {

struct AttributionGroups {
    std::vector<std::size_t> of_element;  // (elements per sample) the group of each element
    std::size_t count = 0;                // G
};

// One group per element of a sample of `elements` values.
AttributionGroups element_groups(std::size_t elements);

// Groups from a column -> group map (feature_groups.hpp's convention): checked, G counted.
AttributionGroups column_groups(const std::vector<std::size_t>& groups, std::size_t columns);

// A sample (C, H, W) in patches of patch x patch pixels across all channels (edge patches
// smaller), numbered row-major over the patch grid. patch >= 1; a (d) sample -> element groups.
AttributionGroups patch_groups(const Shape& sample_shape, std::size_t patch);

// One sample's attribution (elements) -> (G) sums per group, in double.
std::vector<double> group_attributions(const float* attribution, const AttributionGroups& groups);

// The G group indices ordered by decreasing group attribution (signed; the first on ties).
std::vector<std::size_t> groups_by_decreasing_attribution(const std::vector<double>& group_values);

// inputs (N, ...), targets (N) -> the explained output of each row (N), model[n, targets[n]].
std::vector<double> explained_outputs(const ExplainedModel& model, const Tensor& inputs,
                                      const std::vector<int>& targets, const std::string& metric);

// The explained output of N x S rows shaped like one sample: fill(i, s, row) writes the s-th
// perturbed copy of sample i into `row` (it must depend on (i, s) alone), and the row is
// evaluated at targets[i]. -> (N x S) values, sample-major.
std::vector<double> perturbed_outputs(const ExplainedModel& model, const Shape& sample_shape, std::size_t samples,
                                      std::size_t perturbations, const std::vector<int>& targets,
                                      const std::function<void(std::size_t, std::size_t, float*)>& fill,
                                      const std::string& metric);

// Throws Error naming `metric` unless inputs (N, ...) and attributions have the same shape,
// targets has N entries, and baseline is either one sample's shape or the inputs' shape.
void check_metric_inputs(const std::string& metric, const Tensor& inputs, const Tensor& attributions,
                         const std::vector<int>& targets, const Tensor& baseline);

// The baseline's values for sample i: its own row when baseline is (N, ...), else the shared one.
const float* baseline_row(const Tensor& baseline, const Tensor& inputs, std::size_t i);

}  // namespace agop
