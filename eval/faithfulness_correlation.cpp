#include "eval/faithfulness_correlation.hpp"

#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/ranking.hpp"

namespace agop {

SampleMean faithfulness_correlation(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                                    const Tensor& attributions, const Tensor& baseline, const AttributionGroups& groups,
                                    const FaithfulnessCorrelationSettings& settings) {
    const std::string metric = "faithfulness correlation";
    check_metric_inputs(metric, inputs, attributions, targets, baseline);
    const std::size_t n = inputs.shape()[0], elements = inputs.size() / n, g = groups.count;
    if (groups.of_element.size() != elements) throw Error(metric + ": the groups do not cover a sample");
    const std::size_t size = settings.subset_size == 0
                                 ? std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(g / 4.0)))
                                 : settings.subset_size;
    if (size > g || settings.subsets < 2)
        throw Error(metric + ": needs at least 2 subsets of at most " + std::to_string(g) + " groups");
    // in_subset[(i * subsets + s) * g + group]
    std::vector<char> in_subset(n * settings.subsets * g, 0);
    std::vector<double> held(n * settings.subsets, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        Rng rng = Rng::stream(settings.seed, i);
        const std::vector<double> a = group_attributions(attributions.data() + i * elements, groups);
        for (std::size_t s = 0; s < settings.subsets; ++s) {
            const std::vector<std::size_t> order = rng.permutation(g);
            for (std::size_t p = 0; p < size; ++p) {
                in_subset[(i * settings.subsets + s) * g + order[p]] = 1;
                held[i * settings.subsets + s] += a[order[p]];
            }
        }
    }
    const Shape sample(inputs.shape().begin() + 1, inputs.shape().end());
    const auto fill = [&](std::size_t i, std::size_t s, float* row) {
        const char* chosen = in_subset.data() + (i * settings.subsets + s) * g;
        const float* x = inputs.data() + i * elements;
        const float* b = baseline_row(baseline, inputs, i);
        for (std::size_t j = 0; j < elements; ++j) row[j] = chosen[groups.of_element[j]] ? b[j] : x[j];
    };
    const std::vector<double> fx = explained_outputs(model, inputs, targets, metric);
    const std::vector<double> removed = perturbed_outputs(model, sample, n, settings.subsets, targets, fill, metric);
    std::vector<double> per_sample(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> drop(settings.subsets);
        for (std::size_t s = 0; s < settings.subsets; ++s) drop[s] = fx[i] - removed[i * settings.subsets + s];
        const auto first = held.begin() + static_cast<std::ptrdiff_t>(i * settings.subsets);
        per_sample[i] =
            pearson(std::vector<double>(first, first + static_cast<std::ptrdiff_t>(settings.subsets)), drop);
    }
    return sample_mean(metric, std::move(per_sample));
}

}  // namespace agop
