#include "eval/regression_metrics.hpp"

#include <cmath>
#include <string>

#include "autodiff/error.hpp"

namespace agop {

namespace {

void check_lengths(const std::vector<double>& predicted, const std::vector<double>& actual, const char* what) {
    if (predicted.empty() || predicted.size() != actual.size())
        throw Error(std::string(what) + ": expected as many predictions as actual values (at least one); got " +
                    std::to_string(predicted.size()) + " and " + std::to_string(actual.size()));
}

double sum_of_squares(const std::vector<double>& predicted, const std::vector<double>& actual) {
    double sum = 0.0;
    for (std::size_t i = 0; i < actual.size(); ++i) sum += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
    return sum;
}

}  // namespace

double root_mean_squared_error(const std::vector<double>& predicted, const std::vector<double>& actual) {
    check_lengths(predicted, actual, "root mean squared error");
    return std::sqrt(sum_of_squares(predicted, actual) / static_cast<double>(actual.size()));
}

double r_squared(const std::vector<double>& predicted, const std::vector<double>& actual) {
    check_lengths(predicted, actual, "R squared");
    double mean = 0.0;
    for (double a : actual) mean += a;
    mean /= static_cast<double>(actual.size());
    const std::vector<double> constant(actual.size(), mean);
    const double total = sum_of_squares(constant, actual), residual = sum_of_squares(predicted, actual);
    if (total == 0.0) return residual == 0.0 ? 1.0 : 0.0;
    return 1.0 - residual / total;
}

}  // namespace agop
