#include "eval/iou.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "eval/map_values.hpp"
#include "eval/ranking.hpp"

namespace agop {

namespace {

void require_fraction(const std::string& op, const std::string& name, double value) {
    if (!(value > 0.0 && value <= 1.0))
        throw Error(op + ": " + name + " must be in (0, 1]; got " + std::to_string(value));
}

std::vector<char> select_indices(const std::vector<std::size_t>& indices, std::size_t size) {
    std::vector<char> selected(size, 0);
    for (std::size_t i : indices) selected[i] = 1;
    return selected;
}

std::vector<char> select_at_or_above(const std::vector<double>& magnitude, double threshold) {
    std::vector<char> selected(magnitude.size());
    for (std::size_t p = 0; p < magnitude.size(); ++p) selected[p] = magnitude[p] >= threshold;
    return selected;
}

std::vector<char> selected_pixels(const std::string& op, const Tensor& map, const Tensor& mask, const Binarisation& binarisation) {
    require_same_nonempty_shape(op, map, mask);
    const std::vector<char> in_g = members_of(mask);
    require_members(op, in_g, mask);
    const std::vector<double> magnitude = magnitudes_of(map);
    const double pixels = static_cast<double>(magnitude.size());
    switch (binarisation.rule) {
        case BinarisationRule::top_ground_truth_size:
            return select_indices(indices_of_largest(magnitude, member_count(in_g)), magnitude.size());
        case BinarisationRule::top_fraction: {
            require_fraction(op, "the top fraction q", binarisation.parameter);
            // The small slack keeps q·P = 3.0000000000000004 (q = 0.3, P = 10) at 3 pixels.
            const double k = std::max(1.0, std::ceil(binarisation.parameter * pixels - 1e-9));
            return select_indices(indices_of_largest(magnitude, static_cast<std::size_t>(k)), magnitude.size());
        }
        case BinarisationRule::fraction_of_max: {
            require_fraction(op, "the fraction of the maximum τ", binarisation.parameter);
            const double peak = *std::max_element(magnitude.begin(), magnitude.end());
            return select_at_or_above(magnitude, binarisation.parameter * peak);
        }
        case BinarisationRule::otsu: return select_at_or_above(magnitude, otsu_threshold(magnitude));
    }
    throw Error(op + ": unknown binarisation rule");
}

}  // namespace

double otsu_threshold(std::vector<double> values) {
    if (values.empty()) throw Error("otsu_threshold: no values (got 0)");
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    double total = 0.0;
    for (double v : values) total += v;
    double best_variance = -1.0, threshold = values[0], lower_sum = 0.0;
    for (std::size_t split = 1; split < n; ++split) {
        lower_sum += values[split - 1];
        if (values[split] == values[split - 1]) continue;
        const double w0 = static_cast<double>(split) / static_cast<double>(n), w1 = 1.0 - w0;
        const double mu0 = lower_sum / static_cast<double>(split);
        const double mu1 = (total - lower_sum) / static_cast<double>(n - split);
        const double between = w0 * w1 * (mu0 - mu1) * (mu0 - mu1);
        if (between > best_variance) {
            best_variance = between;
            threshold = values[split];
        }
    }
    return threshold;
}

Tensor binarise(const Tensor& map, const Tensor& mask, const Binarisation& binarisation) {
    const std::vector<char> selected = selected_pixels("binarise", map, mask, binarisation);
    Tensor out = Tensor::from_shape(shape_of(map));
    for (std::size_t p = 0; p < selected.size(); ++p) out.data()[p] = selected[p] ? 1.0f : 0.0f;
    return out;
}

double iou(const Tensor& map, const Tensor& mask, const Binarisation& binarisation) {
    const std::vector<char> selected = selected_pixels("iou", map, mask, binarisation);
    const std::vector<char> in_g = members_of(mask);
    std::size_t intersection = 0, union_size = 0;
    for (std::size_t p = 0; p < selected.size(); ++p) {
        intersection += selected[p] && in_g[p];
        union_size += selected[p] || in_g[p];
    }
    return static_cast<double>(intersection) / static_cast<double>(union_size);
}

SampleMean miou(const Tensor& maps, const Tensor& masks, const Binarisation& binarisation) {
    return average_over_samples("miou", maps, masks,
                                [&](const Tensor& m, const Tensor& g) { return iou(m, g, binarisation); });
}

}  // namespace agop
