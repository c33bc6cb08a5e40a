#include "attribution/coalitions.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "autodiff/error.hpp"

namespace agop {

namespace {

double binomial(std::size_t n, std::size_t k) {
    double value = 1.0;
    for (std::size_t i = 1; i <= k; ++i) value = value * static_cast<double>(n - k + i) / static_cast<double>(i);
    return value;
}

void add_coalition(Coalitions& c, const std::vector<std::uint8_t>& mask, double weight) {
    c.members.insert(c.members.end(), mask.begin(), mask.end());
    c.weights.push_back(weight);
}

// Calls visit(mask) for every coalition of `size` players, in lexicographic order.
template <class Visit>
void for_each_subset(std::size_t players, std::size_t size, Visit&& visit) {
    std::vector<std::size_t> chosen(size);
    std::iota(chosen.begin(), chosen.end(), 0);
    std::vector<std::uint8_t> mask(players);
    while (true) {
        std::fill(mask.begin(), mask.end(), 0);
        for (std::size_t p : chosen) mask[p] = 1;
        visit(mask);
        std::size_t i = size;
        while (i > 0 && chosen[i - 1] == players - size + i - 1) --i;
        if (i == 0) return;
        ++chosen[i - 1];
        for (std::size_t j = i; j < size; ++j) chosen[j] = chosen[j - 1] + 1;
    }
}

// shap's kernel weight per subset size 1..ceil((M - 1) / 2), doubled for the sizes paired with
// their complement, normalised to sum 1.
std::vector<double> subset_size_weights(std::size_t m, std::size_t num_subset_sizes,
                                        std::size_t num_paired_subset_sizes) {
    std::vector<double> weight_vector(num_subset_sizes);
    for (std::size_t i = 1; i <= num_subset_sizes; ++i)
        weight_vector[i - 1] = (static_cast<double>(m) - 1.0) / (static_cast<double>(i) * static_cast<double>(m - i));
    for (std::size_t i = 0; i < num_paired_subset_sizes; ++i) weight_vector[i] *= 2.0;
    const double weight_sum = std::accumulate(weight_vector.begin(), weight_vector.end(), 0.0);
    for (double& w : weight_vector) w /= weight_sum;
    return weight_vector;
}

// Enumerates whole subset sizes (with their complements) while the budget covers them.
// -> the number of sizes enumerated.
std::size_t enumerate_full_subsets(Coalitions& c, const std::vector<double>& weight_vector,
                                   std::size_t num_paired_subset_sizes, std::size_t budget) {
    const std::size_t m = c.players, num_subset_sizes = weight_vector.size();
    std::size_t num_full_subsets = 0;
    double num_samples_left = static_cast<double>(budget);
    std::vector<double> remaining_weight_vector = weight_vector;
    for (std::size_t subset_size = 1; subset_size <= num_subset_sizes; ++subset_size) {
        const bool paired = subset_size <= num_paired_subset_sizes;
        double nsubsets = binomial(m, subset_size) * (paired ? 2.0 : 1.0);
        if (num_samples_left * remaining_weight_vector[subset_size - 1] / nsubsets < 1.0 - 1e-8) break;
        ++num_full_subsets;
        num_samples_left -= nsubsets;
        if (remaining_weight_vector[subset_size - 1] < 1.0) {
            const double scale = 1.0 - remaining_weight_vector[subset_size - 1];
            for (double& w : remaining_weight_vector) w /= scale;
        }
        double w = weight_vector[subset_size - 1] / binomial(m, subset_size);
        if (paired) w /= 2.0;
        for_each_subset(m, subset_size, [&](const std::vector<std::uint8_t>& mask) {
            add_coalition(c, mask, w);
            if (paired) {
                std::vector<std::uint8_t> complement(m);
                for (std::size_t p = 0; p < m; ++p) complement[p] = 1 - mask[p];
                add_coalition(c, complement, w);
            }
        });
    }
    return num_full_subsets;
}

// Samples `samples_left` coalitions of the sizes not enumerated, by kernel weight, each with its
// complement; a coalition drawn again adds 1 to its count. The counts are then scaled so that
// the sampled coalitions share the weight of the sizes they stand for.
void sample_remaining_subsets(Coalitions& c, const std::vector<double>& weight_vector, std::size_t num_full_subsets,
                              std::size_t num_paired_subset_sizes, std::size_t samples_left, Rng& rng) {
    const std::size_t m = c.players, num_subset_sizes = weight_vector.size(), nfixed_samples = c.count();
    std::vector<double> cumulative;
    double total = 0.0;
    for (std::size_t i = num_full_subsets; i < num_subset_sizes; ++i) {
        total += i < num_paired_subset_sizes ? weight_vector[i] / 2.0 : weight_vector[i];
        cumulative.push_back(total);
    }
    std::map<std::vector<std::uint8_t>, std::size_t> used_masks;
    const std::size_t draws = 4 * samples_left;
    std::vector<std::uint8_t> mask(m);
    for (std::size_t draw = 0; draw < draws && samples_left > 0; ++draw) {
        const double u = rng.uniform() * total;
        const std::size_t ind = std::min<std::size_t>(
            std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(), cumulative.size() - 1);
        const std::size_t subset_size = ind + num_full_subsets + 1;
        const std::vector<std::size_t> order = rng.permutation(m);
        std::fill(mask.begin(), mask.end(), 0);
        for (std::size_t k = 0; k < subset_size; ++k) mask[order[k]] = 1;
        auto found = used_masks.find(mask);
        const bool new_sample = found == used_masks.end();
        std::size_t index = 0;
        if (new_sample) {
            index = c.count();
            used_masks.emplace(mask, index);
            --samples_left;
            add_coalition(c, mask, 1.0);
        } else {
            index = found->second;
            c.weights[index] += 1.0;
        }
        if (samples_left > 0 && subset_size <= num_paired_subset_sizes) {
            for (auto& bit : mask) bit = 1 - bit;
            if (new_sample) {
                --samples_left;
                add_coalition(c, mask, 1.0);
            } else if (index + 1 < c.count()) {
                c.weights[index + 1] += 1.0;
            }
        }
    }
    const double weight_left = std::accumulate(weight_vector.begin() + static_cast<std::ptrdiff_t>(num_full_subsets),
                                               weight_vector.end(), 0.0);
    const double sampled =
        std::accumulate(c.weights.begin() + static_cast<std::ptrdiff_t>(nfixed_samples), c.weights.end(), 0.0);
    for (std::size_t k = nfixed_samples; k < c.count(); ++k) c.weights[k] *= weight_left / sampled;
}

}  // namespace

Coalitions all_coalitions(std::size_t players) {
    if (players < 2 || players > 30)
        throw Error("all_coalitions: exact enumeration needs 2..30 players, got " + std::to_string(players));
    Coalitions c;
    c.players = players;
    const double m = static_cast<double>(players);
    double total = 0.0;
    for (std::size_t size = 1; size < players; ++size) {
        const double s = static_cast<double>(size);
        const double weight = (m - 1.0) / (binomial(players, size) * s * (m - s));
        for_each_subset(players, size, [&](const std::vector<std::uint8_t>& mask) { add_coalition(c, mask, weight); });
        total += weight * binomial(players, size);
    }
    for (double& w : c.weights) w /= total;
    return c;
}

// A transcription of shap's KernelExplainer.explain (shap/explainers/_kernel.py), names kept.
Coalitions sampled_coalitions(std::size_t players, std::size_t budget, Rng& rng) {
    const std::size_t m = players;
    if (m < 2) throw Error("sampled_coalitions: KernelSHAP needs at least 2 players, got " + std::to_string(m));
    Coalitions c;
    c.players = m;
    const std::size_t num_subset_sizes = m / 2;               // ceil((M - 1) / 2)
    const std::size_t num_paired_subset_sizes = (m - 1) / 2;  // floor((M - 1) / 2)
    const std::vector<double> weight_vector = subset_size_weights(m, num_subset_sizes, num_paired_subset_sizes);
    const std::size_t num_full_subsets = enumerate_full_subsets(c, weight_vector, num_paired_subset_sizes, budget);
    const std::size_t nfixed_samples = c.count();
    const std::size_t samples_left = budget > nfixed_samples ? budget - nfixed_samples : 0;
    if (num_full_subsets != num_subset_sizes && samples_left > 0)
        sample_remaining_subsets(c, weight_vector, num_full_subsets, num_paired_subset_sizes, samples_left, rng);
    return c;
}

}  // namespace agop
