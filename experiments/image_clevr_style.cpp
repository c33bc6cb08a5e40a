#include "experiments/image_clevr_style.hpp"

#include <chrono>

#include "attribution/nn_model_adapter.hpp"
#include "autodiff/rng.hpp"
#include "experiments/clevr_style_scenes.hpp"
#include "experiments/progress.hpp"
#include "nn/agop_hook.hpp"
#include "nn/resnet18.hpp"
#include "nn/trainer.hpp"

namespace agop {

namespace {

using Clock = std::chrono::steady_clock;

nn::LabelledData subset(const ClevrStyleData& data, const std::vector<int>& labels,
                        const std::vector<std::size_t>& indices) {
    nn::LabelledData out{nn::gather_rows(data.images, indices), {}};
    for (std::size_t i : indices) out.labels.push_back(labels[i]);
    return out;
}

ClevrStyleData scenes(const ClevrStyleRunSizes& sizes, std::uint64_t seed) {
    ClevrStyleConfig config;
    config.task = ClevrStyleTask::unique_red_shape;
    config.n_images = sizes.n_images;
    config.image_size = sizes.image_size;
    config.seed = seed;
    return generate_clevr_style_scenes(config);
}

nn::TrainerConfig trainer_config(const ClevrStyleRunSizes& sizes, std::size_t epochs, std::uint64_t seed, bool quiet) {
    nn::TrainerConfig trainer;
    trainer.epochs = epochs;
    trainer.batch_size = sizes.batch_size;
    trainer.seed = seed;
    trainer.keep_best = false;
    trainer.quiet = quiet;
    return trainer;
}

}  // namespace

ClevrStyleRun run_clevr_style(const ClevrStyleRunSizes& sizes, std::uint64_t seed, std::size_t grid_rows,
                              bool quiet) {
    return run_clevr_on(scenes(sizes, Rng::stream(seed, 3).next_u64()), sizes, seed, grid_rows, quiet, "clevr_style.png",
                        std::string(kClevrStyleName) + ": unique red object, |a| summed over RGB");
}

ClevrStyleRun run_clevr_on(const ClevrStyleData& data, const ClevrStyleRunSizes& requested_sizes, std::uint64_t seed,
                           std::size_t grid_rows, bool quiet, const std::string& grid_file,
                           const std::string& grid_title) {
    ClevrStyleRunSizes sizes = requested_sizes;
    sizes.image_size = data.images.shape()[2];  // the pretext scenes take the task's size
    ClevrStyleRun run;
    nn::ResNet18 model(3, 3, Rng::stream(seed, 0).next_u64());
    nn::AdamOptions adam_options;
    adam_options.lr = sizes.learning_rate;

    // Pretraining on separate scenes (the role ImageNet plays): the shape of the largest object.
    // Both tasks are 3-way shape classifications, so the head is kept for fine-tuning.
    {
        const ClevrStyleData pretext = scenes(sizes, Rng::stream(seed, 1).next_u64());
        const auto train = subset(pretext, pretext.pretext_labels, pretext.train_indices);
        const auto validation = subset(pretext, pretext.pretext_labels, pretext.validation_indices);
        nn::Adam adam(model.parameters(), adam_options);
        const auto start = Clock::now();
        const auto result = nn::train_classifier(
            model, adam, train, &validation,
            trainer_config(sizes, sizes.pretrain_epochs, Rng::stream(seed, 2).next_u64(), quiet));
        run.pretrain_seconds = seconds_since(start);
        run.pretext_validation_accuracy = result.history.back().validation_accuracy;
    }

    const auto train = subset(data, data.labels, data.train_indices);
    const auto validation = subset(data, data.labels, data.validation_indices);
    const auto test = subset(data, data.labels, data.test_indices);
    nn::Adam adam(model.parameters(), adam_options);
    nn::AgopHookOptions hook_options;
    hook_options.agop.diagonal = true;
    hook_options.agop.batch_size = sizes.batch_size;
    hook_options.every_k_batches = sizes.every_k_batches;
    hook_options.keep_snapshots = false;
    nn::AgopHook hook(hook_options);
    auto start = Clock::now();
    nn::train_classifier(model, adam, train, &validation,
                         trainer_config(sizes, sizes.finetune_epochs, Rng::stream(seed, 4).next_u64(), quiet), {&hook});
    run.finetune_seconds = seconds_since(start);
    run.hook_seconds = hook.seconds();
    run.agop_rows = hook.samples_seen();

    const Tensor logits = predict_logits(explained_model(model, sizes.max_batch_rows), test.inputs);
    run.test_accuracy = nn::accuracy(logits, test.labels);
    const ExplainedRows rows =
        correctly_classified_rows(logits, test, data.test_indices, data.masks, sizes.max_explained);
    run.explained = rows.test_rows.size();
    if (rows.test_rows.empty()) return run;
    const Tensor& inputs = rows.inputs;
    const Tensor& masks = rows.masks;

    start = Clock::now();
    const auto maps =
        pooled_attributions(model, inputs, rows.targets, image_method_settings(hook.agop(), seed, sizes.ig_rule),
                            image_methods(), sizes.max_batch_rows);
    run.explain_seconds = seconds_since(start);
    start = Clock::now();
    for (const auto& name : image_methods()) run.scores[name] = localisation_scores(maps.at(name), masks, false);
    run.metric_seconds = seconds_since(start);

    if (grid_rows > 0) {
        std::vector<std::size_t> shown;
        for (std::size_t i = 0; i < std::min(grid_rows, run.explained); ++i) shown.push_back(i);
        run.grid = attribution_grid(grid_file, grid_title, nn::gather_rows(inputs, shown),
                                    nn::gather_rows(masks, shown), maps, image_methods());
    }
    return run;
}

}  // namespace agop
