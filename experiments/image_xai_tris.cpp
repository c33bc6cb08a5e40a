#include "experiments/image_xai_tris.hpp"

#include <chrono>

#include <xtensor/xbroadcast.hpp>

#include "attribution/nn_model_adapter.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/channel_pooling.hpp"
#include "eval/iou.hpp"
#include "eval/localisation_metrics.hpp"
#include "eval/tabular_metrics.hpp"
#include "nn/agop_hook.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/trainer.hpp"

namespace agop {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

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
std::vector<EpochQuality> epoch_qualities(const nn::AgopHook& hook, const nn::TrainingResult& training,
                                          const Tensor& masks) {
    std::vector<EpochQuality> epochs;
    const std::size_t n = masks.shape()[0];
    for (std::size_t e = 0; e < hook.snapshots().size(); ++e) {
        const Tensor global = pool_channels(hook.snapshots()[e]);  // (1, 8, 8) -> (8, 8)
        const Tensor maps = xt::broadcast(global, {n, global.shape()[0], global.shape()[1]});
        epochs.push_back({e + 1, training.history.at(e).validation_accuracy, miou(maps, masks).mean,
                          mean_importance_precision(maps, masks).mean});
    }
    return epochs;
}

RandomisationSpearman randomisation_spearman(const nn::Model& trained_shape_donor, const nn::LabelledData& train,
                                             const Tensor& inputs, const std::vector<int>& targets,
                                             const std::map<std::string, Tensor>& trained_maps, std::uint64_t seed) {
    nn::Cnn8by8 reinitialised(Rng::stream(seed, 7).next_u64(), trained_shape_donor.num_classes());
    nn::AgopOptions agop;
    agop.diagonal = true;
    const Tensor diagonal = nn::compute_agop(reinitialised, train.inputs, agop);
    const auto random_maps =
        pooled_attributions(reinitialised, inputs, targets, image_method_settings(diagonal, seed), image_methods());
    RandomisationSpearman out;
    for (const auto& name : image_methods())
        out[name] = mean_spearman(flattened(trained_maps.at(name)), flattened(random_maps.at(name)));
    return out;
}

}  // namespace

Tensor evaluation_masks(const XaiTrisData& data, const std::vector<std::size_t>& indices) {
    Tensor masks = nn::gather_rows(data.masks, indices);
    masks.reshape({indices.size(), masks.shape()[2], masks.shape()[3]});
    return masks;
}

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
    config.seed = request.seed;
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

    nn::Cnn8by8 model(Rng::stream(run_seed, 0).next_u64());
    nn::AdamOptions adam_options;
    adam_options.lr = sizes.learning_rate;
    nn::Adam adam(model.parameters(), adam_options);
    nn::TrainerConfig trainer;
    trainer.epochs = sizes.epochs;
    trainer.batch_size = sizes.batch_size;
    trainer.seed = Rng::stream(run_seed, 1).next_u64();
    trainer.monitor = nn::TrainerConfig::Monitor::validation_loss;
    trainer.keep_best = true;
    trainer.quiet = request.quiet;
    // The sampled hook always runs: its per-epoch snapshots are the diag(M)-across-training study.
    nn::AgopHookOptions hook_options;
    hook_options.agop.diagonal = true;  // all outputs, logits: AgopOptions' defaults
    hook_options.every_k_batches = sizes.every_k_batches;
    nn::AgopHook sampled_hook(hook_options);
    hook_options.every_k_batches = 1;
    nn::AgopHook every_batch_hook(hook_options);
    const bool every_batch_wanted =
        sizes.every_k_batches > 1 &&
        (sizes.agop_estimate_study || sizes.agop_estimate == AgopEstimate::hook_every_batch);
    std::vector<nn::TrainingHook*> hooks{&sampled_hook};
    if (every_batch_wanted) hooks.push_back(&every_batch_hook);
    const nn::AgopHook& full_hook = every_batch_wanted ? every_batch_hook : sampled_hook;

    auto start = Clock::now();
    const nn::TrainingResult training = nn::train_classifier(model, adam, train, &validation, trainer, hooks);
    // Training time with the sampled hook alone: the study's extra hook is timed on its own.
    run.train_seconds = seconds_since(start) - (every_batch_wanted ? every_batch_hook.seconds() : 0.0);
    run.hook_seconds = sampled_hook.seconds();
    run.best_epoch = training.best_epoch + 1;

    // Every estimate the run needs, keyed by kind: diag(M), rows behind it, seconds.
    struct Estimate {
        Tensor diagonal;
        std::size_t rows = 0;
        double seconds = 0.0;
        const nn::AgopHook* hook = nullptr;
    };
    std::map<AgopEstimate, Estimate> estimates;
    const std::size_t kept = training.best_epoch;
    estimates[AgopEstimate::hook_sampled] = {sampled_hook.snapshots().at(kept), sampled_hook.snapshot_rows().at(kept),
                                             sampled_hook.seconds(), &sampled_hook};
    if (sizes.agop_estimate_study || sizes.agop_estimate == AgopEstimate::hook_every_batch)
        estimates[AgopEstimate::hook_every_batch] = {full_hook.snapshots().at(kept), full_hook.snapshot_rows().at(kept),
                                                     full_hook.seconds(), &full_hook};
    if (sizes.agop_estimate_study || sizes.agop_estimate == AgopEstimate::post_hoc) {
        start = Clock::now();
        nn::AgopOptions post_hoc;
        post_hoc.diagonal = true;
        Tensor diagonal = nn::compute_agop(model, train.inputs, post_hoc);  // the kept (best) weights
        estimates[AgopEstimate::post_hoc] = {std::move(diagonal), train.labels.size(), seconds_since(start), nullptr};
    }
    const Tensor diagonal = estimates.at(sizes.agop_estimate).diagonal;
    run.agop_rows = estimates.at(sizes.agop_estimate).rows;

    const Tensor logits = predict_logits(explained_model(model), test.inputs);
    run.test_accuracy = nn::accuracy(logits, test.labels);
    std::vector<std::size_t> correct = correctly_classified(logits, test.labels);
    if (sizes.max_explained > 0 && correct.size() > sizes.max_explained) correct.resize(sizes.max_explained);
    run.explained = correct.size();
    if (correct.empty()) return run;  // nothing to score: the tables say so through `explained`
    const Tensor inputs = nn::gather_rows(test.inputs, correct);
    std::vector<int> targets;
    std::vector<std::size_t> data_rows;
    for (std::size_t i : correct) {
        targets.push_back(test.labels[i]);
        data_rows.push_back(data.test_indices[i]);
    }
    const Tensor masks = evaluation_masks(data, data_rows);

    start = Clock::now();
    const auto maps =
        pooled_attributions(model, inputs, targets, image_method_settings(diagonal, run_seed), image_methods());
    run.explain_seconds = seconds_since(start);

    start = Clock::now();
    for (const auto& name : image_methods()) run.scores[name] = localisation_scores(maps.at(name), masks, sizes.with_emd);
    run.epochs = epoch_qualities(sampled_hook, training, masks);
    if (sizes.agop_estimate_study) {
        for (const auto& [kind, estimate] : estimates) {
            AgopEstimateScores scores;
            scores.estimate = kind;
            scores.rows = estimate.rows;
            scores.seconds = estimate.seconds;
            const std::vector<std::string> agop_methods{"agop-weighted", "agop-global"};
            const auto agop_maps = pooled_attributions(model, inputs, targets,
                                                       image_method_settings(estimate.diagonal, run_seed), agop_methods);
            scores.weighted = localisation_scores(agop_maps.at("agop-weighted"), masks, false);
            scores.global = localisation_scores(agop_maps.at("agop-global"), masks, false);
            if (estimate.hook) scores.epochs = epoch_qualities(*estimate.hook, training, masks);
            run.estimate_study.push_back(std::move(scores));
        }
    }
    run.metric_seconds = seconds_since(start);

    if (request.grid_rows > 0) {
        const auto rows = first_rows(std::min(request.grid_rows, correct.size()));
        const std::string name =
            xai_tris_scenario_name(request.scenario) + "_" + xai_tris_background_name(request.background);
        run.grid = attribution_grid("xai_tris_" + name + ".png",
                                    "XAI-TRIS " + name + ": correctly classified test samples, |a| per method",
                                    nn::gather_rows(inputs, rows), nn::gather_rows(masks, rows), maps, image_methods());
    }
    if (request.randomisation_check)
        run.randomisation = randomisation_spearman(model, train, inputs, targets, maps, run_seed);
    return run;
}

}  // namespace agop
