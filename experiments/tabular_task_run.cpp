#include "experiments/tabular_task_run.hpp"

#include <algorithm>
#include <chrono>
#include <xtensor/xreducer.hpp>
#include <xtensor/xview.hpp>

#include "attribution/agop_eigen.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/rng.hpp"
#include "eval/attribution_scorecard.hpp"
#include "eval/tabular_metrics.hpp"
#include "experiments/progress.hpp"
#include "experiments/tabular_method_settings.hpp"
#include "nn/agop.hpp"
#include "nn/labelled_data.hpp"

namespace agop {
namespace {

// x (N, d) -> mean over rows of |x| (d). A plain loop: GCC 12 warns falsely inside
// xtensor's reducer for xt::mean(xt::abs(x), {0}).
Tensor mean_abs_over_rows(const Tensor& x) {
    const std::size_t n = x.shape()[0], d = x.size() / std::max<std::size_t>(n, 1);
    Tensor out = xt::zeros<float>({d});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) out.data()[j] += std::abs(x.data()[i * d + j]) / static_cast<float>(n);
    return out;
}

Tensor mask_of(const std::vector<std::size_t>& members, std::size_t d) {
    Tensor mask = Tensor::from_shape({d});
    mask.fill(0.0f);
    for (std::size_t j : members) mask(j) = 1.0f;
    return mask;
}

Tensor mask_of(const std::vector<bool>& flags) {
    Tensor mask = Tensor::from_shape({flags.size()});
    for (std::size_t j = 0; j < flags.size(); ++j) mask(j) = flags[j] ? 1.0f : 0.0f;
    return mask;
}

// phi (N, C, d) of the rows `indices`, each at its class `targets[i]` -> (n, d)
Tensor ground_truth_of_targets(const Tensor& phi, const std::vector<std::size_t>& indices, const std::vector<int>& targets) {
    const std::size_t d = phi.shape()[2];
    Tensor out = Tensor::from_shape({indices.size(), d});
    for (std::size_t i = 0; i < indices.size(); ++i)
        for (std::size_t j = 0; j < d; ++j) out(i, j) = phi(indices[i], static_cast<std::size_t>(targets[i]), j);
    return out;
}

Tensor first_rows(const Tensor& x, std::size_t n) { return xt::view(x, xt::range(0, n), xt::all()); }

// The metrics without ground truth on the first sizes.no_truth_samples rows of a method's
// attributions: baseline the training mean, every feature its own group, the seeds of the
// metrics those of the run (randomisation is the sanity table's).
std::vector<std::pair<std::string, double>> no_truth_scores(const ExplainedModel& model, const std::string& method,
                                                            const MethodSettings& settings, const Tensor& inputs,
                                                            const std::vector<int>& targets, const Tensor& a,
                                                            const Tensor& x_train,
                                                            const TabularExperimentSizes& sizes) {
    const std::size_t rows = std::min(sizes.no_truth_samples, inputs.shape()[0]);
    if (rows == 0) return {};
    ScorecardInputs in;
    in.model = &model;
    in.inputs = first_rows(inputs, rows);
    in.targets.assign(targets.begin(), targets.begin() + rows);
    in.baseline = xt::mean(x_train, {0});
    in.groups = element_groups(inputs.shape()[1]);
    in.explain = [&](const Tensor& x, const std::vector<int>& t) {
        return explain(method, model, x, Targets::classes(t), settings);
    };
    ScorecardSettings metric_settings;
    metric_settings.stability.perturbations = 5;
    metric_settings.stability_rows = sizes.stability_samples;
    std::vector<std::string> metrics = scorecard_metrics();
    metrics.erase(std::find(metrics.begin(), metrics.end(), "randomisation"));
    std::vector<std::pair<std::string, double>> out;
    for (const ScoredMetric& m : score_attributions(in, first_rows(a, rows), metrics, metric_settings))
        out.push_back({m.name, m.values.mean});
    return out;
}

}  // namespace

const std::vector<std::string>& tabular_paper_methods() {
    static const std::vector<std::string> names{"agop-ixg", "deepshap", "integrated-gradients", "input-x-gradient",
                                                "lime"};
    return names;
}

const std::vector<std::string>& tabular_methods() {
    static const std::vector<std::string> names{"agop-ixg", "deepshap",   "integrated-gradients", "input-x-gradient",
                                                "lime",     "kernelshap", "agop-filtered-grad",   "random"};
    return names;
}

std::size_t rows_explained_by(const std::string& method, const TabularExperimentSizes& sizes, std::size_t available) {
    return method == "kernelshap" ? std::min(sizes.kernelshap_samples, available) : available;
}

MethodSettings tabular_method_settings(const Tensor& agop, const Tensor& training_inputs,
                                       const TabularExperimentSizes& sizes, std::uint64_t seed) {
    return tabular_method_settings(agop, training_inputs, sizes.methods, seed, {10, 11, 12, 13});
}

TabularTaskRun run_tabular_task(SyntheticTask task, const TabularExperimentSizes& sizes, std::uint64_t seed) {
    TabularTaskRun run;
    SyntheticTabularConfig config;
    config.task = task;
    config.n_samples = sizes.samples;
    config.seed = Rng::stream(seed, 0).next_u64();
    run.data = generate_synthetic_tabular(config);
    const SyntheticTabularData& data = run.data;
    const std::size_t d = config.n_features, classes = config.n_classes;

    const Tensor x_train = nn::gather_rows(data.X, data.train_indices);
    std::vector<int> y_train;
    for (std::size_t i : data.train_indices) y_train.push_back(data.y[i]);
    auto start = std::chrono::steady_clock::now();
    run.trained = train_tabular_mlp(x_train, y_train, classes, sizes.training, Rng::stream(seed, 1).next_u64());
    run.training_seconds = seconds_since(start);

    const ExplainedModel model = explained_model(*run.trained.model);
    const Tensor x_test = nn::gather_rows(data.X, data.test_indices);
    std::vector<int> y_test;
    for (std::size_t i : data.test_indices) y_test.push_back(data.y[i]);
    run.test_accuracy = nn::accuracy(predict_logits(model, x_test), y_test);

    start = std::chrono::steady_clock::now();
    run.agop = nn::compute_agop(*run.trained.model, x_train, nn::AgopOptions{});
    run.agop_seconds = seconds_since(start);
    run.agop_rank = agop_top_k(run.agop, AgopTruncation{}).rank;

    const std::size_t n = std::min(sizes.explained_samples, x_test.shape()[0]);
    run.explained_inputs = first_rows(x_test, n);
    run.targets = predicted_classes(model, run.explained_inputs);
    run.ground_truth = ground_truth_of_targets(
        data.ground_truth, std::vector<std::size_t>(data.test_indices.begin(), data.test_indices.begin() + n),
        run.targets);
    run.relevant_mask = task == SyntheticTask::interaction ? mask_of(data.interacting_features, d)
                                                           : mask_of(data.informative);
    run.noise_mask = mask_of(data.noise);
    run.mean_abs_ground_truth = mean_abs_over_rows(run.ground_truth);

    const MethodSettings settings = tabular_method_settings(run.agop, x_train, sizes, seed);
    for (const std::string& method : tabular_methods()) {
        const std::size_t rows = rows_explained_by(method, sizes, n);
        const Tensor inputs = first_rows(run.explained_inputs, rows);
        const std::vector<int> targets(run.targets.begin(), run.targets.begin() + rows);
        start = std::chrono::steady_clock::now();
        const Tensor a = explain(method, model, inputs, Targets::classes(targets), settings);
        TabularMethodScores scores;
        scores.ms_per_sample = 1000.0 * seconds_since(start) / static_cast<double>(rows);
        scores.method = method;
        scores.samples = rows;
        const Tensor phi = first_rows(run.ground_truth, rows);
        scores.spearman = mean_spearman(a, phi).mean;
        scores.noise_mass = mean_noise_feature_mass(a, run.noise_mask).mean;
        scores.top_k_precision = mean_top_k_precision(a, run.relevant_mask).mean;
        scores.mean_abs_attribution = mean_abs_over_rows(a);
        scores.no_truth = no_truth_scores(model, method, settings, inputs, targets, a, x_train, sizes);
        run.methods.push_back(std::move(scores));
    }
    return run;
}

}  // namespace agop
