#pragma once
// Seeded stratified splits (train/test, train/validation/test) of labelled samples.

#include <utility>
#include <vector>

#include "autodiff/rng.hpp"

namespace agop {

// Splits the indices 0..N-1 of `labels` (N) into parts with the given fractions (summing to
// 1) so that each part holds each class in the same proportion. Per class, parts 1.. get
// round(n_class * fraction) samples and part 0 the rest (so 10,000 balanced samples with
// {0.8, 0.1, 0.1} give exactly 8,000/1,000/1,000). Which samples go where is drawn from `rng`;
// each part is returned in a random order (classes interleaved).
std::vector<std::vector<std::size_t>> stratified_split(const std::vector<int>& labels,
                                                       const std::vector<double>& fractions, Rng& rng);

// stratified_split of `set.labels` into three parts (train, validation, test `fractions`),
// stored as set.train_indices, set.validation_indices, set.test_indices: how the image data
// sets are split.
template <class LabelledSet>
void split_train_validation_test(LabelledSet& set, const std::vector<double>& fractions, Rng rng) {
    auto parts = stratified_split(set.labels, fractions, rng);
    set.train_indices = std::move(parts.at(0));
    set.validation_indices = std::move(parts.at(1));
    set.test_indices = std::move(parts.at(2));
}

}  // namespace agop
