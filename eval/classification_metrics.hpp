#pragma once
// Metrics of a classifier's predictions (ROAR retrains the model and records these) and the
// trapezoid area under a curve (ROAR AUC = area under (fraction removed, ROC-AUC)).

#include <vector>

namespace agop {

// Share of predicted labels equal to the true labels. Throws on empty or mismatched lengths.
double accuracy(const std::vector<int>& predicted, const std::vector<int>& labels);

// Exact area under the ROC curve of `scores` (higher = more likely positive) for binary
// `labels` (1 positive, 0 negative): the Mann–Whitney statistic (R+ − P(P+1)/2) / (P·N),
// R+ the sum of the positives' average ranks, so a tied positive–negative pair counts 1/2
// (as sklearn's roc_auc_score). Throws on mismatched lengths, labels other than 0/1, or
// labels of a single class (the ROC curve is then undefined).
double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels);

// Trapezoid-rule area sum_k (x[k+1] − x[k]) (y[k] + y[k+1]) / 2 under the points (x, y),
// over [x.front(), x.back()] without normalising by its width. Throws unless x and y have
// the same length >= 2 and x is non-decreasing.
double area_under_curve(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace agop
