#pragma once
// Ranks and top-k selections shared by the rank-based metrics.

#include <cstddef>
#include <vector>

namespace agop {

// Ranks 1..n of `values` in increasing order; tied values share the average of the ranks
// they span (the "average" method of scipy.stats.rankdata). (n) -> (n)
std::vector<double> average_ranks(const std::vector<double>& values);

// Indices of the k largest values, largest first. Ties are broken by index, lower first,
// exactly as a stable argsort of -values. Throws agop::Error if k > n. (n) -> (k)
std::vector<std::size_t> indices_of_largest(const std::vector<double>& values, std::size_t k);

// The expected number of members (members[i] != 0) among the k largest values when ties
// are broken uniformly at random: every value strictly above the k-th largest counts 1, and
// the tie group at the boundary contributes (slots left) x (its members) / (its size).
// Rank metrics use this so that ties neither favour nor penalise any index: with index-order
// tie-breaking an all-zero attribution would score 1 whenever the relevant features come
// first (as in the synthetic tasks). Throws agop::Error if k > n.
double expected_members_in_top_k(const std::vector<double>& values, std::size_t k, const std::vector<char>& members);

// How many of `indices` are members (members[i] != 0).
std::size_t count_members(const std::vector<std::size_t>& indices, const std::vector<char>& members);

// Pearson correlation of two equally long series (n >= 1); 0 when either is constant.
double pearson(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace agop
