#pragma once
// Metrics of a regression model's predictions, as sklearn computes them.

#include <vector>

namespace agop {

// sqrt(mean((predicted - actual)^2)). Throws on empty or mismatched lengths.
double root_mean_squared_error(const std::vector<double>& predicted, const std::vector<double>& actual);

// Coefficient of determination 1 - SS_res / SS_tot, SS_tot about the mean of `actual`
// (sklearn's r2_score: 1 for a perfect fit, 0 for predicting the mean, negative when worse;
// a constant `actual` gives 1 when predicted exactly and 0 otherwise). Throws on empty or
// mismatched lengths.
double r_squared(const std::vector<double>& predicted, const std::vector<double>& actual);

}  // namespace agop
