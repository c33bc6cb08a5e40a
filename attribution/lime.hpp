#pragma once
// LIME for tabular data (Ribeiro et al. 2016) as the lime package's LimeTabularExplainer
// computes it with discretize_continuous=False, sample_around_instance=False and
// num_features = d (every feature kept, so no feature selection):
//   perturbations  z_k = mean + std ⊙ ε_k, ε_k ~ N(0, I), k = 1..samples-1; z_0 = x
//   distance       D_k = || (z_k - mean)/std - (x - mean)/std ||  (on the standardised rows)
//   kernel         π_k = sqrt(exp(-D_k² / w²)),  w = 0.75 sqrt(d)
//   fit            ridge regression (alpha 1, with intercept) of f_c(z_k) on the
//                  standardised rows, weighted by π_k
// The attribution is the fitted coefficient of each feature (lime's explanation weights),
// in units of the target logit per training standard deviation.
// lime's default quartile discretisation is not implemented.

#include <cstdint>

#include "attribution/explained_model.hpp"

namespace agop {

struct LimeSettings {
    // Row i of the inputs is row first_row + i of the whole set (a shard's offset): its draws come
    // from Rng::stream(seed, first_row + i), as in a call on the whole set.
    std::uint64_t first_row = 0;
    Tensor feature_mean = Tensor::from_shape({0});  // (d) training mean (see feature_statistics)
    Tensor feature_std = Tensor::from_shape({0});   // (d) training standard deviation
    std::size_t samples = 5000;                     // perturbations per explained row (z_0 = x included)
    double kernel_width = 0.0;                      // 0: 0.75 sqrt(d)
    double ridge_alpha = 1.0;
    std::uint64_t seed = 0;                         // sample i: Rng::stream(seed, first_row + i).fill_normal
};

// training inputs (N, d) -> mean and population standard deviation (d) of each column,
// a zero deviation replaced by 1 (sklearn's StandardScaler, which lime fits).
struct FeatureStatistics {
    Tensor mean, std;
};
FeatureStatistics feature_statistics(const Tensor& training_inputs);

// inputs (N, d), targets (N) -> (N, d).
Tensor lime(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
            const LimeSettings& settings);

}  // namespace agop
