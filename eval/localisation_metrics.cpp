#include "eval/localisation_metrics.hpp"

#include <algorithm>

#include "eval/map_values.hpp"
#include "eval/ranking.hpp"

namespace agop {

namespace {

// Checks the shapes and G, and returns G's membership.
std::vector<char> ground_truth_members(const std::string& op, const Tensor& map, const Tensor& mask) {
    require_same_nonempty_shape(op, map, mask);
    std::vector<char> members = members_of(mask);
    require_members(op, members, mask);
    return members;
}

}  // namespace

double pointing_game(const Tensor& map, const Tensor& mask) {
    const std::vector<char> in_g = ground_truth_members("pointing_game", map, mask);
    const std::vector<double> magnitude = magnitudes_of(map);
    const double peak = *std::max_element(magnitude.begin(), magnitude.end());
    for (std::size_t p = 0; p < magnitude.size(); ++p)
        if (magnitude[p] == peak && in_g[p]) return 1.0;
    return 0.0;
}

double relevance_mass_accuracy(const Tensor& map, const Tensor& mask) {
    const std::vector<char> in_g = ground_truth_members("relevance_mass_accuracy", map, mask);
    return magnitude_share_on(magnitudes_of(map), in_g);
}

double relevance_rank_accuracy(const Tensor& map, const Tensor& mask) {
    const std::vector<char> in_g = ground_truth_members("relevance_rank_accuracy", map, mask);
    const std::size_t k = member_count(in_g);
    return expected_members_in_top_k(magnitudes_of(map), k, in_g) / static_cast<double>(k);
}

double importance_precision(const Tensor& map, const Tensor& mask) {
    const std::vector<char> in_g = ground_truth_members("importance_precision", map, mask);
    const std::size_t n = member_count(in_g);
    const std::vector<double> magnitude = magnitudes_of(map);
    std::vector<std::size_t> non_zero;
    std::vector<double> non_zero_magnitude;
    for (std::size_t p = 0; p < magnitude.size(); ++p)
        if (magnitude[p] != 0.0) {
            non_zero.push_back(p);
            non_zero_magnitude.push_back(magnitude[p]);
        }
    std::size_t hits = 0;
    for (std::size_t q : indices_of_largest(non_zero_magnitude, std::min(n, non_zero.size())))
        hits += in_g[non_zero[q]] != 0;
    return static_cast<double>(hits) / static_cast<double>(n);
}

SampleMean mean_pointing_game(const Tensor& maps, const Tensor& masks) {
    return average_over_samples("mean_pointing_game", maps, masks, pointing_game);
}

SampleMean mean_relevance_mass_accuracy(const Tensor& maps, const Tensor& masks) {
    return average_over_samples("mean_relevance_mass_accuracy", maps, masks, relevance_mass_accuracy);
}

SampleMean mean_relevance_rank_accuracy(const Tensor& maps, const Tensor& masks) {
    return average_over_samples("mean_relevance_rank_accuracy", maps, masks, relevance_rank_accuracy);
}

SampleMean mean_importance_precision(const Tensor& maps, const Tensor& masks) {
    return average_over_samples("mean_importance_precision", maps, masks, importance_precision);
}

}  // namespace agop
