#include "eval/deletion_insertion.hpp"

#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/gaussian_filter.hpp"

namespace agop {

namespace {

// The four curves of a sample, in this order among its perturbations.
enum Curve { deletion = 0, insertion = 1, deletion_random = 2, insertion_random = 3 };

// position[g] = the place of group g in `order`.
std::vector<std::size_t> positions_of(const std::vector<std::size_t>& order) {
    std::vector<std::size_t> position(order.size());
    for (std::size_t p = 0; p < order.size(); ++p) position[order[p]] = p;
    return position;
}

}  // namespace

double curve_area(const std::vector<double>& curve) {
    if (curve.size() < 2) throw Error("curve_area: a curve needs at least 2 points");
    double sum = (curve.front() + curve.back()) / 2.0;
    for (std::size_t k = 1; k + 1 < curve.size(); ++k) sum += curve[k];
    return sum / static_cast<double>(curve.size() - 1);
}

DeletionInsertionScores deletion_insertion(const ExplainedModel& model, const Tensor& inputs,
                                           const std::vector<int>& targets, const Tensor& attributions,
                                           const Tensor& baseline, const AttributionGroups& groups,
                                           const DeletionInsertionSettings& settings) {
    const std::string metric = "deletion/insertion";
    check_metric_inputs(metric, inputs, attributions, targets, baseline);
    const std::size_t n = inputs.shape()[0], elements = inputs.size() / n, g = groups.count;
    if (groups.of_element.size() != elements)
        throw Error(metric + ": the groups cover " + std::to_string(groups.of_element.size()) +
                    " elements, a sample has " + std::to_string(elements));
    const std::size_t steps = settings.steps == 0 ? g : settings.steps;
    if (steps > g) throw Error(metric + ": " + std::to_string(steps) + " steps for " + std::to_string(g) + " groups");
    std::vector<std::size_t> removed(steps + 1);  // m_k
    for (std::size_t k = 0; k <= steps; ++k)
        removed[k] = static_cast<std::size_t>(std::llround(static_cast<double>(k * g) / static_cast<double>(steps)));
    // positions[i][0]: attribution order, [1]: random order
    std::vector<std::vector<std::size_t>> positions(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        positions[2 * i] = positions_of(
            groups_by_decreasing_attribution(group_attributions(attributions.data() + i * elements, groups)));
        positions[2 * i + 1] = positions_of(Rng::stream(settings.seed, i).permutation(g));
    }
    const Shape sample(inputs.shape().begin() + 1, inputs.shape().end());
    const std::size_t per_sample = 4 * (steps + 1);
    const auto fill = [&](std::size_t i, std::size_t s, float* row) {
        const std::size_t curve = s / (steps + 1), k = s % (steps + 1);
        const bool deleting = curve == deletion || curve == deletion_random;
        const std::vector<std::size_t>& position = positions[2 * i + (curve >= deletion_random ? 1 : 0)];
        const float* x = inputs.data() + i * elements;
        const float* b = baseline_row(baseline, inputs, i);
        for (std::size_t j = 0; j < elements; ++j) {
            const bool moved = position[groups.of_element[j]] < removed[k];
            row[j] = moved == deleting ? b[j] : x[j];
        }
    };
    const std::vector<double> y = perturbed_outputs(model, sample, n, per_sample, targets, fill, metric);
    DeletionInsertionScores scores;
    std::vector<double> areas[4];
    scores.deletion_curve.assign(steps + 1, 0.0);
    scores.insertion_curve.assign(steps + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t curve = 0; curve < 4; ++curve) {
            const auto first = y.begin() + static_cast<std::ptrdiff_t>(i * per_sample + curve * (steps + 1));
            const std::vector<double> points(first, first + static_cast<std::ptrdiff_t>(steps + 1));
            areas[curve].push_back(curve_area(points));
            std::vector<double>* mean_curve = curve == deletion    ? &scores.deletion_curve
                                              : curve == insertion ? &scores.insertion_curve
                                                                   : nullptr;
            if (mean_curve)
                for (std::size_t k = 0; k <= steps; ++k) (*mean_curve)[k] += points[k] / static_cast<double>(n);
        }
    }
    scores.deletion = sample_mean(metric, std::move(areas[deletion]));
    scores.insertion = sample_mean(metric, std::move(areas[insertion]));
    scores.deletion_random = sample_mean(metric, std::move(areas[deletion_random]));
    scores.insertion_random = sample_mean(metric, std::move(areas[insertion_random]));
    return scores;
}

Tensor blurred_baseline(const Tensor& images, double sigma) {
    if (images.dimension() != 4)
        throw Error("blurred baseline: expected images (N, C, H, W), got " + shape_string(images));
    if (!(sigma > 0.0) || !std::isfinite(sigma)) throw Error("blurred baseline: sigma must be positive and finite");
    const std::size_t planes = images.shape()[0] * images.shape()[1], h = images.shape()[2], w = images.shape()[3];
    Tensor out = Tensor::from_shape(images.shape());
    for (std::size_t p = 0; p < planes; ++p) {
        const std::vector<double> plane(images.data() + p * h * w, images.data() + (p + 1) * h * w);
        const std::vector<double> blurred = gaussian_filter(plane, h, w, sigma);
        for (std::size_t j = 0; j < h * w; ++j) out.data()[p * h * w + j] = static_cast<float>(blurred[j]);
    }
    return out;
}

}  // namespace agop
