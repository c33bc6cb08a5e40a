#include "experiments/tabular_checks.hpp"

#include <algorithm>
#include <memory>
#include <xtensor/xview.hpp>

#include "attribution/agop_eigen.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/rng.hpp"
#include "eval/parameter_randomisation.hpp"
#include "eval/tabular_metrics.hpp"
#include "nn/agop.hpp"
#include "nn/labelled_data.hpp"

namespace agop {

std::vector<KSweepPoint> agop_rank_sweep(const TabularTaskRun& run) {
    const ExplainedModel model = explained_model(*run.trained.model);
    const AgopEigenpairs eigen = agop_eigenpairs(run.agop, "agop");
    double trace = 0.0;
    for (double value : eigen.values) trace += value;
    std::vector<KSweepPoint> points;
    double held = 0.0;
    for (std::size_t k = 1; k <= eigen.dimension; ++k) {
        held += eigen.values[k - 1];
        AgopSettings settings;
        settings.matrix = run.agop;
        settings.truncation.rank = k;
        const Tensor a = agop_ixg(model, run.explained_inputs, run.targets, settings);
        points.push_back({k, trace > 0.0 ? held / trace : 0.0, mean_spearman(a, run.ground_truth).mean,
                          mean_top_k_precision(a, run.relevant_mask).mean});
    }
    return points;
}

std::vector<SanityScore> model_randomisation_check(TabularTaskRun& run, const TabularExperimentSizes& sizes,
                                                   std::uint64_t seed) {
    const Tensor x_train = nn::gather_rows(run.data.X, run.data.train_indices);
    const std::unique_ptr<nn::Model> fresh_model_owner =
        randomised_model(*run.trained.model, Rng::stream(seed, 20).next_u64());
    nn::Model& fresh = *fresh_model_owner;
    const Tensor fresh_agop = nn::compute_agop(fresh, x_train, nn::AgopOptions{});
    const ExplainedModel trained_model = explained_model(*run.trained.model);
    const ExplainedModel fresh_model = explained_model(fresh);
    const MethodSettings trained_settings = tabular_method_settings(run.agop, x_train, sizes, seed);
    const MethodSettings fresh_settings = tabular_method_settings(fresh_agop, x_train, sizes, seed);

    std::vector<SanityScore> scores;
    const std::size_t available = std::min(sizes.sanity_samples, run.explained_inputs.shape()[0]);
    for (const std::string& method : tabular_methods()) {
        if (method == "kernelshap") continue;  // twice its cost for a check the other Shapley method (DeepSHAP) makes
        const std::size_t rows = available;
        const Tensor inputs = xt::view(run.explained_inputs, xt::range(0, rows), xt::all());
        const Targets targets = Targets::classes(std::vector<int>(run.targets.begin(), run.targets.begin() + rows));
        const Tensor a_trained = explain(method, trained_model, inputs, targets, trained_settings);
        const Tensor a_fresh = explain(method, fresh_model, inputs, targets, fresh_settings);
        scores.push_back({method, rows, randomisation_similarity(a_trained, a_fresh).mean});
    }
    return scores;
}

}  // namespace agop
