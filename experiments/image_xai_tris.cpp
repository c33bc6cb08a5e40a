#include "experiments/image_xai_tris.hpp"

#include <algorithm>
#include <chrono>

#include "attribution/nn_model_adapter.hpp"
#include "attribution/probability_output.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/channel_pooling.hpp"
#include "eval/iou.hpp"
#include "eval/localisation_metrics.hpp"
#include "eval/mask_groups.hpp"
#include "eval/tabular_metrics.hpp"
#include "experiments/progress.hpp"
#include "nn/agop_hook.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/trainer.hpp"

namespace agop {

namespace {

using Clock = std::chrono::steady_clock;

nn::LabelledData subset(const XaiTrisData& data, const std::vector<std::size_t>& indices) {
    nn::LabelledData out{nn::gather_rows(data.images, indices), {}};
    for (std::size_t i : indices) out.labels.push_back(data.labels[i]);
    return out;
}

std::vector<std::size_t> first_rows(std::size_t n) {
    std::vector<std::size_t> rows(n);
    for (std::size_t i = 0; i < n; ++i) rows[i] = i;
    return rows;
}

// maps (N, H, W) -> (N, H * W): the shape mean_spearman takes.
Tensor flattened(const Tensor& maps) {
    Tensor out = maps;
    out.reshape({maps.shape()[0], maps.size() / maps.shape()[0]});
    return out;
}

// The quality of diag(M) of each epoch's snapshot as the AGOP-Global map on the scored samples.
// The map is one for every sample, so each metric runs once per distinct mask (mask_groups.hpp):
// this study scores every epoch.
std::vector<EpochQuality> epoch_qualities(const nn::AgopHook& hook, const nn::TrainingResult& training,
                                          const Tensor& masks) {
    const MaskGroups groups = group_identical_masks(masks);
    const auto iou_top_g = [](const Tensor& map, const Tensor& mask) { return iou(map, mask); };
    std::vector<EpochQuality> epochs;
    for (std::size_t e = 0; e < hook.snapshots().size(); ++e) {
        const Tensor global = pool_channels(hook.snapshots()[e]);  // (1, 8, 8) -> (8, 8)
        epochs.push_back(
            {e + 1, training.history.at(e).validation_accuracy,
             average_over_masks("miou", global, masks, groups, iou_top_g).mean,
             average_over_masks("mean_importance_precision", global, masks, groups, importance_precision).mean});
    }
    return epochs;
}

// What the methods explain of a model: its logits, or its softmax probabilities.
ExplainedModel explained_output(nn::Model& model, bool probabilities) {
    const ExplainedModel logits = explained_model(model);
    return probabilities ? probability_model(logits) : logits;
}

RandomisationSpearman randomisation_spearman(const nn::LabelledData& train, const ExplainedRows& rows,
                                             const std::map<std::string, Tensor>& trained_maps, std::uint64_t seed,
                                             const XaiTrisRunSizes& sizes) {
    nn::Cnn8by8 reinitialised(Rng::stream(seed, 7).next_u64());
    nn::AgopOptions agop;
    agop.diagonal = true;
    const Tensor diagonal = nn::compute_agop(reinitialised, train.inputs, agop);
    const auto random_maps =
        pooled_attributions(explained_output(reinitialised, sizes.explain_probabilities), rows.inputs, rows.targets,
                            image_method_settings(diagonal, seed, sizes.ig_rule), image_methods());
    RandomisationSpearman out;
    for (const auto& name : image_methods())
        out[name] = mean_spearman(flattened(trained_maps.at(name)), flattened(random_maps.at(name)));
    return out;
}

// CNN8by8 trained on one data set with the AGOP hooks, the kept (best-validation) weights as a
// logits model, and every estimate of diag(M) the run needs.
struct TrainedCnn {
    TrainedCnn(std::uint64_t seed, const XaiTrisRunSizes& sizes)
        : trained(Rng::stream(seed, 0).next_u64(), 2, sizes.double_softmax),
          logits_model(Rng::stream(seed, 0).next_u64()),
          sampled_hook(hook_options(sizes.every_k_batches)),
          every_batch_hook(hook_options(1)),
          every_batch_wanted(sizes.every_k_batches > 1 &&
                             (sizes.agop_estimate_study || sizes.agop_estimate == AgopEstimate::hook_every_batch)) {}

    static nn::AgopHookOptions hook_options(std::size_t every_k_batches) {
        nn::AgopHookOptions options;
        options.agop.diagonal = true;  // all outputs, logits: AgopOptions' defaults
        options.every_k_batches = every_k_batches;
        return options;
    }
    const nn::AgopHook& full_hook() const { return every_batch_wanted ? every_batch_hook : sampled_hook; }

    nn::Cnn8by8 trained;       // with the softmax output under double_softmax
    nn::Cnn8by8 logits_model;  // the trained weights, logits out: what is explained and scored
    nn::AgopHook sampled_hook, every_batch_hook;
    bool every_batch_wanted;
    nn::TrainingResult training;
};

// Trains `cnn` (Adam, best validation loss kept). The sampled hook always runs: its per-epoch
// snapshots are the diag(M)-across-training study.
void train_cnn(TrainedCnn& cnn, const nn::LabelledData& train, const nn::LabelledData& validation,
               std::uint64_t run_seed, const XaiTrisRunSizes& sizes, bool quiet, XaiTrisRun& run) {
    nn::AdamOptions adam_options;
    adam_options.lr = sizes.learning_rate;
    nn::Adam adam(cnn.trained.parameters(), adam_options);
    nn::TrainerConfig trainer;
    trainer.epochs = sizes.epochs;
    trainer.batch_size = sizes.batch_size;
    trainer.seed = Rng::stream(run_seed, 1).next_u64();
    trainer.monitor = nn::TrainerConfig::Monitor::validation_loss;
    trainer.keep_best = true;
    trainer.quiet = quiet;
    std::vector<nn::TrainingHook*> hooks{&cnn.sampled_hook};
    if (cnn.every_batch_wanted) hooks.push_back(&cnn.every_batch_hook);
    const auto start = Clock::now();
    cnn.training = nn::train_classifier(cnn.trained, adam, train, &validation, trainer, hooks);
    // Training time with the sampled hook alone: the study's extra hook is timed on its own.
    run.train_seconds = seconds_since(start) - (cnn.every_batch_wanted ? cnn.every_batch_hook.seconds() : 0.0);
    run.hook_seconds = cnn.sampled_hook.seconds();
    run.best_epoch = cnn.training.best_epoch + 1;
    const auto from = cnn.trained.state();
    const auto to = cnn.logits_model.state();
    for (std::size_t i = 0; i < from.size(); ++i) *to[i].second = *from[i].second;
    cnn.logits_model.eval();
}

// One estimate of diag(M): the diagonal, the rows behind it, its seconds, the hook if any.
struct Estimate {
    Tensor diagonal;
    std::size_t rows = 0;
    double seconds = 0.0;
    const nn::AgopHook* hook = nullptr;
};

// Every estimate the run needs, keyed by kind.
std::map<AgopEstimate, Estimate> agop_estimates(TrainedCnn& cnn, const nn::LabelledData& train,
                                                const XaiTrisRunSizes& sizes) {
    std::map<AgopEstimate, Estimate> estimates;
    const std::size_t kept = cnn.training.best_epoch;
    estimates[AgopEstimate::hook_sampled] = {cnn.sampled_hook.snapshots().at(kept),
                                             cnn.sampled_hook.snapshot_rows().at(kept), cnn.sampled_hook.seconds(),
                                             &cnn.sampled_hook};
    const bool all = sizes.agop_estimate_study;
    if (all || sizes.agop_estimate == AgopEstimate::hook_every_batch)
        estimates[AgopEstimate::hook_every_batch] = {cnn.full_hook().snapshots().at(kept),
                                                     cnn.full_hook().snapshot_rows().at(kept),
                                                     cnn.full_hook().seconds(), &cnn.full_hook()};
    if (all || sizes.agop_estimate == AgopEstimate::post_hoc) {
        const auto start = Clock::now();
        nn::AgopOptions post_hoc;
        post_hoc.diagonal = true;
        Tensor diagonal = nn::compute_agop(cnn.logits_model, train.inputs, post_hoc);  // the kept weights
        estimates[AgopEstimate::post_hoc] = {std::move(diagonal), train.labels.size(), seconds_since(start), nullptr};
    }
    return estimates;
}

// AGOP-Weighted and AGOP-Global under every estimate (table agop_estimate).
std::vector<AgopEstimateScores> estimate_study(const std::map<AgopEstimate, Estimate>& estimates,
                                               const ExplainedModel& explained, const ExplainedRows& rows,
                                               const TrainedCnn& cnn, std::uint64_t run_seed,
                                               const XaiTrisRunSizes& sizes) {
    std::vector<AgopEstimateScores> study;
    const std::vector<std::string> agop_methods{"agop-weighted", "agop-global"};
    for (const auto& [kind, estimate] : estimates) {
        AgopEstimateScores scores;
        scores.estimate = kind;
        scores.rows = estimate.rows;
        scores.seconds = estimate.seconds;
        const auto maps =
            pooled_attributions(explained, rows.inputs, rows.targets,
                                image_method_settings(estimate.diagonal, run_seed, sizes.ig_rule), agop_methods);
        scores.weighted = localisation_scores(maps.at("agop-weighted"), rows.masks, false);
        scores.global = localisation_scores(maps.at("agop-global"), rows.masks, false);
        if (estimate.hook) scores.epochs = epoch_qualities(*estimate.hook, cnn.training, rows.masks);
        study.push_back(std::move(scores));
    }
    return study;
}

// The metrics without ground truth of every image method on the first scored rows, each
// method explaining those rows anew in its signed, unpooled form.
NoTruthValues no_truth_values(const ExplainedModel& explained, const ExplainedRows& rows,
                              const MethodSettings& settings, std::uint64_t run_seed, const XaiTrisRunSizes& sizes) {
    const std::size_t n = std::min(sizes.no_truth.rows, rows.targets.size());
    const Tensor inputs = nn::gather_rows(rows.inputs, first_rows(n));
    const std::vector<int> targets(rows.targets.begin(), rows.targets.begin() + n);
    const MethodExplainer explain_method = [&](const std::string& method, const Tensor& x,
                                               const std::vector<int>& t) {
        return explain(method, explained, x, Targets::classes(t), settings);
    };
    std::map<std::string, Tensor> attributions;
    for (const auto& name : image_methods()) attributions[name] = explain_method(name, inputs, targets);
    return image_no_truth_values(explained, inputs, targets, attributions, explain_method, sizes.no_truth,
                                 Rng::stream(run_seed, 9).next_u64());
}

}  // namespace

std::string agop_estimate_name(AgopEstimate estimate, std::size_t every_k_batches) {
    switch (estimate) {
        case AgopEstimate::hook_sampled:
            return every_k_batches == 1 ? "hook every batch" : "hook every " + std::to_string(every_k_batches) + "th batch";
        case AgopEstimate::hook_every_batch: return "hook every batch";
        case AgopEstimate::post_hoc: return "post hoc (training set)";
    }
    throw Error("agop_estimate_name: unknown estimate");
}

AgopEstimate parse_agop_estimate(const std::string& word) {
    if (word == "hook-sampled") return AgopEstimate::hook_sampled;
    if (word == "hook-every-batch") return AgopEstimate::hook_every_batch;
    if (word == "post-hoc") return AgopEstimate::post_hoc;
    throw Error("--agop-estimate: expected hook-sampled, hook-every-batch or post-hoc; got '" + word + "'");
}

std::string agop_estimate_word(AgopEstimate estimate) {
    switch (estimate) {
        case AgopEstimate::hook_sampled: return "hook-sampled";
        case AgopEstimate::hook_every_batch: return "hook-every-batch";
        case AgopEstimate::post_hoc: return "post-hoc";
    }
    throw Error("agop_estimate_word: unknown estimate");
}

XaiTrisRun run_xai_tris(const XaiTrisRunRequest& request, const XaiTrisRunSizes& sizes) {
    XaiTrisConfig config = xai_tris_config(request.scenario, request.background);
    config.n_samples = sizes.n_samples;
    config.seed = request.data_seed.value_or(request.seed);
    const XaiTrisData data = generate_xai_tris(config);
    const nn::LabelledData train = subset(data, data.train_indices);
    const nn::LabelledData validation = subset(data, data.validation_indices);
    const nn::LabelledData test = subset(data, data.test_indices);

    XaiTrisRun run;
    run.scenario = request.scenario;
    run.background = request.background;
    // One stream per scenario/background so that the models of one seed differ.
    const std::uint64_t run_seed =
        Rng::stream(request.seed, 16 + 2 * static_cast<std::uint64_t>(request.scenario) +
                                      static_cast<std::uint64_t>(request.background))
            .next_u64();
    TrainedCnn cnn(run_seed, sizes);
    train_cnn(cnn, train, validation, run_seed, sizes, request.quiet, run);
    const std::map<AgopEstimate, Estimate> estimates = agop_estimates(cnn, train, sizes);
    const Tensor& diagonal = estimates.at(sizes.agop_estimate).diagonal;
    run.agop_rows = estimates.at(sizes.agop_estimate).rows;

    const Tensor logits = predict_logits(explained_model(cnn.logits_model), test.inputs);
    run.test_accuracy = nn::accuracy(logits, test.labels);
    const ExplainedRows rows =
        correctly_classified_rows(logits, test, data.test_indices, data.masks, sizes.max_explained);
    run.explained = rows.test_rows.size();
    run.scored_test_rows = rows.test_rows;
    if (rows.test_rows.empty()) return run;  // nothing to score: the tables say so through `explained`

    auto start = Clock::now();
    const ExplainedModel explained = explained_output(cnn.logits_model, sizes.explain_probabilities);
    const auto maps = pooled_attributions(explained, rows.inputs, rows.targets,
                                          image_method_settings(diagonal, run_seed, sizes.ig_rule), image_methods());
    run.explain_seconds = seconds_since(start);

    start = Clock::now();
    for (const auto& name : image_methods())
        run.scores[name] = localisation_scores(maps.at(name), rows.masks, sizes.with_emd);
    run.epochs = epoch_qualities(cnn.sampled_hook, cnn.training, rows.masks);
    if (sizes.agop_estimate_study)
        run.estimate_study = estimate_study(estimates, explained, rows, cnn, run_seed, sizes);
    run.metric_seconds = seconds_since(start);

    if (request.grid_rows > 0) {
        const auto shown = first_rows(std::min(request.grid_rows, run.explained));
        const std::string name =
            xai_tris_scenario_name(request.scenario) + "_" + xai_tris_background_name(request.background);
        run.grid = attribution_grid(
            "xai_tris_" + name + ".png", "XAI-TRIS " + name + ": correctly classified test samples, |a| per method",
            nn::gather_rows(rows.inputs, shown), nn::gather_rows(rows.masks, shown), maps, image_methods());
    }
    if (request.randomisation_check) run.randomisation = randomisation_spearman(train, rows, maps, run_seed, sizes);
    if (sizes.no_truth.rows > 0) {
        start = Clock::now();
        run.no_truth = no_truth_values(explained, rows, image_method_settings(diagonal, run_seed, sizes.ig_rule),
                                       run_seed, sizes);
        run.no_truth_seconds = seconds_since(start);
    }
    return run;
}

}  // namespace agop
