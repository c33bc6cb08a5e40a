#include "eval/roar.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "attribution/feature_groups.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/error.hpp"
#include "eval/classification_metrics.hpp"

namespace agop {

std::size_t features_to_remove(double fraction, std::size_t feature_count) {
    if (!(fraction >= 0.0 && fraction <= 1.0))
        throw Error("features_to_remove: fraction " + std::to_string(fraction) + " is outside [0, 1]");
    return static_cast<std::size_t>(std::lround(fraction * static_cast<double>(feature_count)));
}

Tensor feature_importance(const Tensor& attributions, const std::vector<std::size_t>& groups) {
    if (attributions.dimension() != 2)
        throw_shape_error("feature_importance", "attributions must be (N, p)", shape_of(attributions));
    group_count("feature_importance groups", groups, attributions.shape()[1]);
    return sum_per_group(Tensor(xt::abs(attributions)), groups);
}

Tensor remove_top_features(const Tensor& inputs, const Tensor& importance, const std::vector<std::size_t>& groups,
                           const Tensor& replacement, double fraction) {
    if (inputs.dimension() != 2 || importance.dimension() != 2 || importance.shape()[0] != inputs.shape()[0])
        throw_shape_error("remove_top_features", "expected inputs (N, p) and importance (N, G)", shape_of(inputs),
                          shape_of(importance));
    const std::size_t n = inputs.shape()[0], p = inputs.shape()[1], g = importance.shape()[1];
    if (group_count("remove_top_features groups", groups, p) != g)
        throw Error("remove_top_features: the groups name " + std::to_string(group_count("groups", groups, p)) +
                    " features but importance has " + std::to_string(g) + " columns");
    if (replacement.size() != p)
        throw_shape_error("remove_top_features", "replacement must have one value per column (p)",
                          shape_of(replacement), shape_of(inputs));
    const std::size_t removed = features_to_remove(fraction, g);

    std::vector<std::vector<std::size_t>> columns_of(g);
    for (std::size_t column = 0; column < p; ++column) columns_of[groups[column]].push_back(column);

    Tensor out = inputs;
    std::vector<std::size_t> ranking(g);
    for (std::size_t i = 0; i < n; ++i) {
        const float* row_importance = importance.data() + i * g;
        std::iota(ranking.begin(), ranking.end(), 0);
        std::stable_sort(ranking.begin(), ranking.end(),
                         [row_importance](std::size_t a, std::size_t b) { return row_importance[a] > row_importance[b]; });
        for (std::size_t r = 0; r < removed; ++r)
            for (std::size_t column : columns_of[ranking[r]]) out.data()[i * p + column] = replacement.data()[column];
    }
    return out;
}

ClassifierScores retrain_and_score(const Tensor& train_inputs, const std::vector<int>& train_labels,
                                   const Tensor& test_inputs, const std::vector<int>& test_labels,
                                   const TabularTrainingConfig& training, std::uint64_t seed) {
    for (const std::vector<int>* labels : {&train_labels, &test_labels})
        for (int label : *labels)
            if (label != 0 && label != 1)
                throw Error("retrain_and_score: ROAR scores binary classifiers; got label " + std::to_string(label));
    TrainedTabularModel trained = train_tabular_mlp(train_inputs, train_labels, 2, training, seed);
    const Tensor logits = predict_logits(explained_model(*trained.model), test_inputs);  // (M, 2)
    std::vector<double> scores(test_labels.size());
    std::vector<int> predicted(test_labels.size());
    for (std::size_t i = 0; i < scores.size(); ++i) {
        scores[i] = static_cast<double>(logits(i, 1)) - static_cast<double>(logits(i, 0));
        predicted[i] = scores[i] > 0.0 ? 1 : 0;
    }
    return {accuracy(predicted, test_labels), roc_auc(scores, test_labels)};
}

double roar_auc(const std::vector<double>& fractions, const std::vector<double>& roc_aucs) {
    return area_under_curve(fractions, roc_aucs);
}

}  // namespace agop
