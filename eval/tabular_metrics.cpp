#include "eval/tabular_metrics.hpp"

#include <cmath>
#include <string>

#include <xtensor/xmath.hpp>

#include "eval/map_values.hpp"
#include "eval/ranking.hpp"

namespace agop {

namespace {

void require_features(const std::string& op, const Tensor& a, const Tensor& b) {
    if (a.dimension() != 1 || shape_of(a) != shape_of(b))
        throw_shape_error(op, "expected two vectors (d) of the same length", shape_of(a), shape_of(b));
}

}  // namespace

double spearman(const Tensor& a, const Tensor& b) {
    require_features("spearman", a, b);
    if (a.size() < 2) throw_shape_error("spearman", "needs at least 2 features", shape_of(a));
    return pearson(average_ranks(values_of(a)), average_ranks(values_of(b)));
}

double noise_feature_mass(const Tensor& attribution, const Tensor& noise_mask) {
    require_features("noise_feature_mass", attribution, noise_mask);
    require_same_nonempty_shape("noise_feature_mass", attribution, noise_mask);
    return magnitude_share_on(magnitudes_of(attribution), members_of(noise_mask));
}

double top_k_precision(const Tensor& attribution, const Tensor& relevant_mask, std::optional<std::size_t> k) {
    const std::string op = "top_k_precision";
    require_features(op, attribution, relevant_mask);
    require_same_nonempty_shape(op, attribution, relevant_mask);
    const std::vector<char> relevant = members_of(relevant_mask);
    require_members(op, relevant, relevant_mask);
    const std::size_t top = k.value_or(member_count(relevant));
    if (top == 0 || top > attribution.size())
        throw Error(op + ": k must be in 1..d; got k = " + std::to_string(top) + " for d = " +
                    std::to_string(attribution.size()));
    return expected_members_in_top_k(magnitudes_of(attribution), top, relevant) / static_cast<double>(top);
}

SampleMean mean_spearman(const Tensor& attributions, const Tensor& ground_truth, SpearmanValues values) {
    return average_over_samples("mean_spearman", attributions, ground_truth, [&](const Tensor& a, const Tensor& phi) {
        return values == SpearmanValues::absolute ? spearman(Tensor(xt::abs(a)), Tensor(xt::abs(phi))) : spearman(a, phi);
    });
}

SampleMean mean_noise_feature_mass(const Tensor& attributions, const Tensor& noise_mask) {
    return average_over_samples("mean_noise_feature_mass", attributions, noise_mask,
                                [](const Tensor& a, const Tensor& mask) { return noise_feature_mass(a, mask); });
}

SampleMean mean_top_k_precision(const Tensor& attributions, const Tensor& relevant_mask, std::optional<std::size_t> k) {
    return average_over_samples("mean_top_k_precision", attributions, relevant_mask,
                                [&](const Tensor& a, const Tensor& mask) { return top_k_precision(a, mask, k); });
}

}  // namespace agop
