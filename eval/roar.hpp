#pragma once
// ROAR, RemOve And Retrain (Hooker et al. 2019), adapted to tabular data (papers.md Part A
// "ROAR (tabular)", Part B §5): each sample's original features are ranked by the sum of |a|
// over their columns (one-hot groups count as one feature); the columns of its top
// round(t · G) features are replaced by the training mean of each column, in the training
// and the test rows alike; the same MLP is retrained from scratch on the modified training
// rows and scored on the modified test rows. ROAR AUC = trapezoid area under (t, ROC-AUC):
// the faster the score falls, the more faithful the ranking (lower = better).

#include <cstdint>
#include <vector>

#include "autodiff/tensor.hpp"
#include "eval/tabular_training.hpp"

namespace agop {

// round(t · G): how many of G features fraction t removes. Throws unless 0 <= t <= 1.
std::size_t features_to_remove(double fraction, std::size_t feature_count);

// attributions (N, p), groups (p) column -> feature -> importance (N, G): Σ |a| over each
// feature's columns. Throws Error on a shape mismatch or a group numbering with gaps.
Tensor feature_importance(const Tensor& attributions, const std::vector<std::size_t>& groups);

// inputs (N, p), importance (N, G), groups (p), replacement (p) -> (N, p): a copy in which each
// row's round(t · G) most important features have all their columns set to `replacement`
// (ties go to the lower feature index). Throws Error on shape mismatches.
Tensor remove_top_features(const Tensor& inputs, const Tensor& importance, const std::vector<std::size_t>& groups,
                           const Tensor& replacement, double fraction);

struct ClassifierScores {
    double accuracy = 0.0;
    double roc_auc = 0.0;  // of the score logit_1 - logit_0 (monotone in the class-1 probability)
};

// A fresh MLP trained on (train_inputs (N, p), train_labels (N)) with `seed` (tabular_training.hpp),
// scored on (test_inputs (M, p), test_labels (M)). Binary labels only: throws Error otherwise.
ClassifierScores retrain_and_score(const Tensor& train_inputs, const std::vector<int>& train_labels,
                                   const Tensor& test_inputs, const std::vector<int>& test_labels,
                                   const TabularTrainingConfig& training, std::uint64_t seed);

// Trapezoid area under (fractions, roc_aucs), fractions non-decreasing (not normalised by the
// width of the fraction range).
double roar_auc(const std::vector<double>& fractions, const std::vector<double>& roc_aucs);

}  // namespace agop
