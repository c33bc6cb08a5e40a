#include "eval/prediction_gap.hpp"

#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/ranking.hpp"

namespace agop {

PredictionGaps prediction_gaps(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                               const Tensor& attributions, const AttributionGroups& groups,
                               const PredictionGapSettings& settings) {
    const std::string metric = "PGI/PGU";
    const Shape sample(inputs.shape().begin() + (inputs.dimension() > 0 ? 1 : 0), inputs.shape().end());
    check_metric_inputs(metric, inputs, attributions, targets, Tensor::from_shape(sample));
    const std::size_t n = inputs.shape()[0], elements = inputs.size() / n, g = groups.count, m = settings.perturbations;
    if (groups.of_element.size() != elements) throw Error(metric + ": the groups do not cover a sample");
    const std::size_t k = settings.top_k == 0
                              ? std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(g / 4.0)))
                              : settings.top_k;
    if (k > g || m == 0 || !(settings.noise_std > 0.0) || !std::isfinite(settings.noise_std))
        throw Error(metric + ": needs top k <= " + std::to_string(g) +
                    " groups, a perturbation and a positive noise level");
    std::vector<char> top(n * g, 0);  // top[i * g + group]
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> magnitude = group_attributions(attributions.data() + i * elements, groups);
        for (double& v : magnitude) v = std::fabs(v);
        for (std::size_t group : indices_of_largest(magnitude, k)) top[i * g + group] = 1;
    }
    // Perturbation s < m perturbs the top groups, s >= m the others, with draw s % m.
    const auto fill = [&](std::size_t i, std::size_t s, float* row) {
        Rng::stream(settings.seed, i * m + s % m).fill_normal(row, elements);
        const bool important = s < m;
        const float* x = inputs.data() + i * elements;
        for (std::size_t j = 0; j < elements; ++j) {
            const bool perturbed = (top[i * g + groups.of_element[j]] != 0) == important;
            row[j] = perturbed ? x[j] + static_cast<float>(settings.noise_std) * row[j] : x[j];
        }
    };
    const std::vector<double> fx = explained_outputs(model, inputs, targets, metric);
    const std::vector<double> y = perturbed_outputs(model, sample, n, 2 * m, targets, fill, metric);
    std::vector<double> pgi(n, 0.0), pgu(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t s = 0; s < m; ++s) {
            pgi[i] += std::fabs(fx[i] - y[i * 2 * m + s]) / static_cast<double>(m);
            pgu[i] += std::fabs(fx[i] - y[i * 2 * m + m + s]) / static_cast<double>(m);
        }
    return {sample_mean(metric, std::move(pgi)), sample_mean(metric, std::move(pgu))};
}

}  // namespace agop
