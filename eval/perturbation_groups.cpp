#include "eval/perturbation_groups.hpp"

#include "attribution/feature_groups.hpp"
#include "autodiff/error.hpp"
#include "eval/ranking.hpp"

namespace agop {

AttributionGroups element_groups(std::size_t elements) {
    AttributionGroups groups{std::vector<std::size_t>(elements), elements};
    for (std::size_t j = 0; j < elements; ++j) groups.of_element[j] = j;
    return groups;
}

AttributionGroups column_groups(const std::vector<std::size_t>& groups, std::size_t columns) {
    return {groups, group_count("feature groups", groups, columns)};
}

AttributionGroups patch_groups(const Shape& sample_shape, std::size_t patch) {
    if (patch == 0) throw Error("patch_groups: the patch side must be at least 1");
    if (sample_shape.size() != 3) {
        std::size_t elements = 1;
        for (std::size_t n : sample_shape) elements *= n;
        return element_groups(elements);
    }
    const std::size_t channels = sample_shape[0], height = sample_shape[1], width = sample_shape[2];
    const std::size_t across = (width + patch - 1) / patch, down = (height + patch - 1) / patch;
    AttributionGroups groups{std::vector<std::size_t>(channels * height * width), across * down};
    for (std::size_t c = 0; c < channels; ++c)
        for (std::size_t y = 0; y < height; ++y)
            for (std::size_t x = 0; x < width; ++x)
                groups.of_element[(c * height + y) * width + x] = (y / patch) * across + x / patch;
    return groups;
}

std::vector<double> group_attributions(const float* attribution, const AttributionGroups& groups) {
    std::vector<double> sums(groups.count, 0.0);
    for (std::size_t j = 0; j < groups.of_element.size(); ++j) sums[groups.of_element[j]] += attribution[j];
    return sums;
}

std::vector<std::size_t> groups_by_decreasing_attribution(const std::vector<double>& group_values) {
    return indices_of_largest(group_values, group_values.size());
}

std::vector<double> explained_outputs(const ExplainedModel& model, const Tensor& inputs,
                                      const std::vector<int>& targets, const std::string& metric) {
    const Tensor logits = predict_logits(model, inputs);
    const std::size_t n = logits.shape()[0], classes = logits.shape()[1];
    check_targets(metric, targets, n, classes);
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = logits.data()[i * classes + targets[i]];
    return out;
}

std::vector<double> perturbed_outputs(const ExplainedModel& model, const Shape& sample_shape, std::size_t samples,
                                      std::size_t perturbations, const std::vector<int>& targets,
                                      const std::function<void(std::size_t, std::size_t, float*)>& fill,
                                      const std::string& metric) {
    std::size_t elements = 1;
    for (std::size_t n : sample_shape) elements *= n;
    const auto fill_rows = [&](std::size_t first, std::size_t count, float* dst) {
        for (std::size_t r = first; r < first + count; ++r)
            fill(r / perturbations, r % perturbations, dst + (r - first) * elements);
    };
    const auto target_of_row = [&](std::size_t r) { return targets[r / perturbations]; };
    const std::vector<float> values =
        target_logits_of_generated_rows(model, sample_shape, samples * perturbations, fill_rows, target_of_row, metric);
    return std::vector<double>(values.begin(), values.end());
}

void check_metric_inputs(const std::string& metric, const Tensor& inputs, const Tensor& attributions,
                         const std::vector<int>& targets, const Tensor& baseline) {
    check_batch(metric, inputs);
    if (shape_of(attributions) != shape_of(inputs))
        throw Error(metric + ": attributions " + shape_string(attributions) + " do not match the inputs " +
                    shape_string(inputs));
    if (targets.size() != inputs.shape()[0])
        throw Error(metric + ": " + std::to_string(targets.size()) + " targets for " +
                    std::to_string(inputs.shape()[0]) + " samples");
    const Shape sample(inputs.shape().begin() + 1, inputs.shape().end());
    if (shape_of(baseline) != sample && shape_of(baseline) != shape_of(inputs))
        throw Error(metric + ": baseline " + shape_string(baseline) + " is neither one sample " + shape_string(sample) +
                    " nor one per sample " + shape_string(inputs));
}

const float* baseline_row(const Tensor& baseline, const Tensor& inputs, std::size_t i) {
    const std::size_t elements = inputs.size() / inputs.shape()[0];
    return baseline.dimension() == inputs.dimension() ? baseline.data() + i * elements : baseline.data();
}

}  // namespace agop
