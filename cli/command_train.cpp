#include "cli/command_train.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "attribution/baseline.hpp"
#include "autodiff/error.hpp"
#include "cli/common_options.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "cli/tabular_metadata.hpp"
#include "cli/training_data.hpp"
#include "data/npy.hpp"
#include "eval/regression_metrics.hpp"
#include "eval/tabular_training.hpp"
#include "nn/agop.hpp"
#include "nn/agop_hook.hpp"
#include "nn/checkpoint.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"
#include "nn/optimizer.hpp"
#include "nn/resnet18.hpp"
#include "nn/trainer.hpp"

namespace agop::cli {

namespace {

struct TrainOptions {
    CommonOptions common;
    std::string data = "synthetic:linear";
    std::string data_dir;
    DataReadingOptions reading;
    std::string model = "auto";
    std::size_t epochs = 0, batch_size = 0, patience = 5, agop_every = 4, background_rows = 100;
    float lr = 0;
    std::string agop = "auto", agop_outputs = "all", agop_space = "logits";
};

nn::AgopOptions::Outputs parse_agop_outputs(const std::string& name) {
    if (name == "all") return nn::AgopOptions::Outputs::all;
    if (name == "predicted") return nn::AgopOptions::Outputs::predicted;
    if (name == "true") return nn::AgopOptions::Outputs::true_class;
    throw Error("--agop-outputs " + name + ": expected all, predicted or true");
}

nn::AgopOptions::Space parse_agop_space(const std::string& name) {
    if (name == "logits") return nn::AgopOptions::Space::logits;
    if (name == "probabilities") return nn::AgopOptions::Space::probabilities;
    throw Error("--agop-space " + name + ": expected logits or probabilities");
}

std::unique_ptr<nn::Model> make_model(const std::string& name, const TrainingData& data, std::uint64_t seed) {
    const Shape sample(data.train.inputs.shape().begin() + 1, data.train.inputs.shape().end());
    if (name == "mlp") {
        if (sample.size() != 1) throw Error("--model mlp: needs tabular inputs (N, d); got samples " + shape_string(sample));
        return std::make_unique<nn::Mlp>(sample[0], data.classes, seed);
    }
    if (name == "cnn8by8") {
        if (sample != Shape{1, 8, 8}) throw Error("--model cnn8by8: needs 1x8x8 images; got samples " + shape_string(sample));
        return std::make_unique<nn::Cnn8by8>(seed, data.classes);
    }
    if (name == "resnet18") {
        if (sample.size() != 3 || sample[1] < 32 || sample[2] < 32)
            throw Error("--model resnet18: needs (C, H, W) images of at least 32x32; got samples " + shape_string(sample));
        return std::make_unique<nn::ResNet18>(sample[0], data.classes, seed);
    }
    throw Error("--model " + name + ": expected mlp, cnn8by8, resnet18 or auto");
}

// A split too small to train or stop on is refused by name (not by the trainer's checks).
void check_split_sizes(const TrainingData& data, const std::string& spec) {
    const std::pair<const char*, std::size_t> splits[] = {
        {"training", data.train.size()}, {"validation", data.validation.size()}, {"test", data.test.size()}};
    for (const auto& [name, rows] : splits)
        if (rows == 0)
            throw Error("--data " + spec + ": the " + name + " split is empty (" + std::to_string(data.train.size()) +
                        " training, " + std::to_string(data.validation.size()) + " validation and " +
                        std::to_string(data.test.size()) + " test rows in " + std::to_string(data.classes) +
                        (data.regression ? " output" : " classes") + "); the file needs more rows per class" +
                        (data.regression ? "" : ", or --task regression for a numeric target"));
}

// Test metrics in the metadata and the line printed: accuracy, or RMSE and R^2 in the
// target's own units once the target standardisation is folded into the model.
std::string test_metrics(nn::Model& model, const TrainingData& data, nn::Metadata& metadata) {
    const auto [test_loss, test_accuracy] = nn::evaluate_classifier(model, data.test);
    if (!data.regression) {
        metadata["test_accuracy"] = std::to_string(test_accuracy);
        metadata["test_loss"] = std::to_string(test_loss);
        std::ostringstream line;
        line << "test accuracy " << test_accuracy;
        return line.str();
    }
    fold_target_standardisation(dynamic_cast<nn::Mlp&>(model), data.target_scale, data.target_shift);
    const Tensor predicted = model.predict(data.test.inputs, 512);
    const std::vector<double> values(predicted.begin(), predicted.end());
    const double rmse = root_mean_squared_error(values, data.test_values), r2 = r_squared(values, data.test_values);
    metadata["task"] = "regression";
    metadata["test_rmse"] = std::to_string(rmse);
    metadata["test_r2"] = std::to_string(r2);
    metadata["target_mean"] = std::to_string(data.target_shift);
    metadata["target_std"] = std::to_string(data.target_scale);
    std::ostringstream line;
    line << "test RMSE " << rmse << "  R^2 " << r2;
    return line.str();
}

// Defaults per papers.md Part A: tabular Adam 1e-3, batch 128, 50 epochs, patience 5;
// XAI-TRIS Adam 5e-4, batch 512, 100 epochs, best validation weights. Then the options that
// do not fit the data are refused.
void apply_model_defaults(TrainOptions& o, const TrainingData& data) {
    if (o.model == "auto") o.model = data.images ? "cnn8by8" : "mlp";
    const bool tabular = o.model == "mlp";
    if (o.epochs == 0) o.epochs = tabular ? 50 : 100;
    if (o.batch_size == 0) o.batch_size = tabular ? 128 : (o.model == "resnet18" ? 32 : 512);
    if (o.lr == 0) o.lr = tabular ? 1e-3f : 5e-4f;
    if (o.agop == "auto") o.agop = tabular ? "posthoc" : "hook";
    if (o.agop != "posthoc" && o.agop != "hook") throw Error("--agop " + o.agop + ": expected posthoc, hook or auto");

    check_split_sizes(data, o.data);
    if (data.regression && o.model != "mlp")
        throw Error("--model " + o.model + ": a regression target needs --model mlp");
    if (data.regression && o.agop_space == "probabilities")
        throw Error("--agop-space probabilities: a regression model's output is a value, not a probability");
}

// The checkpoint's metadata: the data, the training settings, the test metrics and, for a CSV,
// its preprocessing.
nn::Metadata checkpoint_metadata(const TrainOptions& o, const TrainingData& data, const nn::TrainingResult& result,
                                 const nn::Metadata& test_metadata) {
    nn::Metadata metadata{{"data", o.data},
                          {"data_description", data.description},
                          {"agop_outputs", o.agop_outputs},
                          {"agop_space", o.agop_space},
                          {"seed", std::to_string(o.common.seed)},
                          {"epochs_run", std::to_string(result.history.size())},
                          {"best_epoch", std::to_string(result.best_epoch)},
                          {"batch_size", std::to_string(o.batch_size)},
                          {"learning_rate", std::to_string(o.lr)},
                          {"optimizer", "adam"},
                          {"agop_source", std::string("post hoc on the training rows with the saved weights") +
                                              (o.agop == "hook" ? "; snapshots from the training hook, every " +
                                                                      std::to_string(o.agop_every) + " batches"
                                                                : "")}};
    metadata.insert(test_metadata.begin(), test_metadata.end());
    if (data.preprocessing) {
        metadata[kTabularPreprocessingKey] = tabular_preprocessing_json(*data.preprocessing);
        metadata["target"] = data.preprocessing->target_column;
    }
    return metadata;
}

// Beside the checkpoint: the test split (inputs, labels, regression targets, ground truth when
// the data has it) and a background sample of the training rows, as .npy.
void write_test_split_and_background(const std::filesystem::path& dir, const TrainingData& data,
                                     std::size_t background_rows, std::uint64_t seed) {
    write_npy_tensor((dir / "test_inputs.npy").string(), data.test.inputs);
    write_npy_labels((dir / "test_labels.npy").string(), data.test.labels);
    if (data.regression) write_npy_tensor((dir / "test_targets.npy").string(), data.test.targets);
    write_npy_tensor((dir / "background.npy").string(),
                     sample_background(data.train.inputs, std::min(background_rows, data.train.size()), seed));
    if (data.test_ground_truth.dimension() > 0 && data.test_ground_truth.size() > 0)
        write_npy_tensor((dir / "test_ground_truth.npy").string(), data.test_ground_truth);
}

void run_train(TrainOptions o) {
    apply_runtime_options(o.common);
    std::vector<std::string> inputs = paths_in_spec(o.data);
    inputs.push_back(o.data_dir);
    RunDirectory run(o.common.out, o.common.force, inputs, "train");
    const auto& dir = run.staging();
    const TrainingData data = load_training_data(o.data, o.data_dir, o.common.seed, o.reading);
    apply_model_defaults(o, data);
    const bool tabular = o.model == "mlp";
    auto model = make_model(o.model, data, o.common.seed);
    nn::Adam optimizer(model->parameters(), nn::AdamOptions{o.lr});
    nn::TrainerConfig config;
    config.epochs = o.epochs;
    config.batch_size = o.batch_size;
    config.seed = o.common.seed;
    config.patience = tabular ? o.patience : 0;
    config.quiet = o.common.quiet;
    nn::AgopHookOptions hook_options;
    hook_options.agop.diagonal = !tabular;
    hook_options.every_k_batches = o.agop_every;
    nn::AgopHook hook(hook_options);
    std::vector<nn::TrainingHook*> hooks;
    if (o.agop == "hook") hooks.push_back(&hook);
    if (!o.common.quiet) std::cerr << "train: " << o.model << " on " << data.description << "\n";
    const auto result = nn::train_classifier(*model, optimizer, data.train, &data.validation, config, hooks);

    nn::Metadata test_metadata;
    const std::string test_line = test_metrics(*model, data, test_metadata);

    nn::AgopOptions agop_options;
    agop_options.diagonal = !tabular;
    agop_options.outputs = parse_agop_outputs(o.agop_outputs);
    agop_options.space = parse_agop_space(o.agop_space);
    // The AGOP of the weights saved (the best validation epoch's), as the reproduce pipeline
    // stores; the hook's per-epoch snapshots are kept beside it as the training history.
    const Tensor agop = nn::compute_agop(*model, data.train.inputs, agop_options, &data.train.labels);
    const auto snapshots = o.agop == "hook" ? hook.snapshots() : std::vector<Tensor>{};
    nn::save_checkpoint((dir / "model.safetensors").string(), *model,
                        checkpoint_metadata(o, data, result, test_metadata),
                        nn::agop_tensors(agop, !tabular, snapshots), false);
    write_test_split_and_background(dir, data, o.background_rows, o.common.seed);
    run.commit();
    if (!o.common.quiet)
        std::cout << test_line << "  (" << result.history.size() << " epochs, best " << result.best_epoch + 1
                  << ")\nwrote " << run.final_path("model.safetensors").string() << "\n";
}

}  // namespace

void add_train_command(CLI::App& app) {
    auto o = std::make_shared<TrainOptions>();
    CLI::App* cmd = app.add_subcommand("train", "Train a model; writes OUT/model.safetensors (with its AGOP) and "
                                                "the test split and a background sample as .npy");
    add_common_options(cmd, o->common, "results/train");
    cmd->add_option("--data", o->data,
                    "synthetic:<task> | xai-tris:<scenario>:<background> | adult | credit | csv:<path>:<target> | "
                    "npy:<inputs.npy>:<labels.npy>")
        ->capture_default_str();
    cmd->add_option("--data-dir", o->data_dir, "Folder holding adult/ and credit-default/ (else AGOP_DATA_DIR)");
    add_data_reading_options(cmd, o->reading);
    cmd->add_option("--model", o->model, "mlp | cnn8by8 | resnet18 | auto (mlp for tables, cnn8by8 for images)")
        ->capture_default_str();
    cmd->add_option("--epochs", o->epochs, "Epochs (0: 50 for tables, 100 for images, papers.md Part A)")
        ->check(whole_number(0, 100000));
    cmd->add_option("--batch-size", o->batch_size, "Mini-batch size (0: 128 tables, 512 CNN8by8, 32 ResNet-18)")
        ->check(whole_number(0, 1 << 20));
    cmd->add_option("--lr", o->lr, "Adam learning rate (0: 1e-3 tables, 5e-4 images)")->check(finite_number(0, 1));
    add_ranged_option(cmd, "--patience", o->patience, "Early stopping patience in epochs (tables)",
                      whole_number(0, 100000));
    cmd->add_option("--agop", o->agop, "posthoc (on the training rows) | hook (accumulated in training) | auto")
        ->capture_default_str();
    cmd->add_option("--agop-outputs", o->agop_outputs, "Outputs forming the stored AGOP's Jacobian: all | predicted | true")
        ->capture_default_str();
    cmd->add_option("--agop-space", o->agop_space, "The stored AGOP differentiates logits | probabilities")
        ->capture_default_str();
    add_ranged_option(cmd, "--agop-every", o->agop_every, "The hook uses every k-th batch", whole_number(1, 1000000));
    cmd->callback([o] { run_train(*o); });
}

}  // namespace agop::cli
