#include "eval/classification_metrics.hpp"

#include <string>

#include "autodiff/error.hpp"
#include "eval/ranking.hpp"

namespace agop {

namespace {

void require_same_nonempty_length(const std::string& op, std::size_t a, std::size_t b) {
    if (a != b || a == 0)
        throw Error(op + ": expected two non-empty sequences of the same length; got " + std::to_string(a) + " and " +
                    std::to_string(b));
}

}  // namespace

double accuracy(const std::vector<int>& predicted, const std::vector<int>& labels) {
    require_same_nonempty_length("accuracy", predicted.size(), labels.size());
    std::size_t correct = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) correct += predicted[i] == labels[i];
    return static_cast<double>(correct) / static_cast<double>(labels.size());
}

double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels) {
    require_same_nonempty_length("roc_auc", scores.size(), labels.size());
    const std::vector<double> ranks = average_ranks(scores);
    double positives = 0.0, positive_rank_sum = 0.0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] != 0 && labels[i] != 1)
            throw Error("roc_auc: labels must be 0 or 1; got " + std::to_string(labels[i]) + " at index " +
                        std::to_string(i));
        if (labels[i] == 1) {
            positives += 1.0;
            positive_rank_sum += ranks[i];
        }
    }
    const double negatives = static_cast<double>(labels.size()) - positives;
    if (positives == 0.0 || negatives == 0.0)
        throw Error("roc_auc: the labels must contain both classes; got " + std::to_string(int(positives)) +
                    " positives and " + std::to_string(int(negatives)) + " negatives");
    return (positive_rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives);
}

double area_under_curve(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 2)
        throw Error("area_under_curve: expected x and y of the same length >= 2; got " + std::to_string(x.size()) +
                    " and " + std::to_string(y.size()));
    double area = 0.0;
    for (std::size_t k = 0; k + 1 < x.size(); ++k) {
        if (x[k + 1] < x[k])
            throw Error("area_under_curve: x must be non-decreasing; x[" + std::to_string(k + 1) +
                        "] = " + std::to_string(x[k + 1]) + " < x[" + std::to_string(k) + "] = " + std::to_string(x[k]));
        area += (x[k + 1] - x[k]) * (y[k] + y[k + 1]) / 2.0;
    }
    return area;
}

}  // namespace agop
