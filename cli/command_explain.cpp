#include "cli/command_explain.hpp"

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include "attribution/lime.hpp"
#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/probability_output.hpp"
#include "autodiff/error.hpp"
#include "cli/common_options.hpp"
#include "cli/explain_figures.hpp"
#include "cli/explain_options.hpp"
#include "cli/explain_parts.hpp"
#include "cli/explain_shard.hpp"
#include "cli/explain_outputs.hpp"
#include "cli/image_inputs.hpp"
#include "cli/model_source.hpp"
#include "cli/tabular_explain.hpp"
#include "cli/tabular_metadata.hpp"
#include "data/atomic_file.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "data/npy.hpp"
#include "nn/safetensors.hpp"

namespace agop::cli {

namespace {

// LIME and KernelSHAP explain probabilities by default (as lime and shap are usually run on
// predict_proba); every other method explains logits.
std::string resolve_model_output(const ExplainOptions& o) {
    if (o.model_output == "auto") return o.method == "lime" || o.method == "kernelshap" ? "probability" : "logit";
    if (o.model_output != "logit" && o.model_output != "probability")
        throw Error("--model-output " + o.model_output + ": expected auto, logit or probability");
    return o.model_output;
}

// The settings the method reads, for the explanation file.
std::vector<std::pair<std::string, std::string>> method_settings(const ExplainOptions& o, const std::string& output) {
    std::vector<std::pair<std::string, std::string>> s{{"model_output", output}, {"seed", std::to_string(o.common.seed)}};
    if (o.method == "integrated-gradients") s.insert(s.end(), {{"steps", std::to_string(o.ig_steps)}, {"baseline", o.ig_baseline}});
    if (o.method == "smoothgrad")
        s.insert(s.end(), {{"samples", std::to_string(o.smoothgrad_samples)}, {"noise_level", std::to_string(o.smoothgrad_noise)}});
    if (o.method == "lime")
        s.insert(s.end(), {{"samples", std::to_string(o.lime_samples)}, {"kernel_width", std::to_string(o.lime_kernel_width)}});
    if (o.method == "kernelshap")
        s.insert(s.end(), {{"budget", std::to_string(o.kernelshap_budget)},
                           {"players", o.csv.empty() ? "encoded columns" : "original features"}});
    if (o.method == "occlusion") s.push_back({"patch", std::to_string(o.occlusion_patch)});
    if (o.method == "agop-ixg" || o.method == "agop-filtered-grad")
        s.insert(s.end(), {{"agop_rank", std::to_string(o.agop_rank)}, {"agop_energy", std::to_string(o.agop_energy)}});
    if (!o.background.empty()) s.push_back({"background", o.background});
    return s;
}

Tensor double_tensor(const std::vector<double>& values) {
    Tensor t = Tensor::from_shape({values.size()});
    for (std::size_t i = 0; i < values.size(); ++i) t(i) = static_cast<float>(values[i]);
    return t;
}

}  // namespace

void run_explain(const ExplainOptions& o, const std::optional<Tensor>& merged_attributions) {
    if (o.list) {
        for (const auto& m : methods()) std::cout << m.name << "\t" << m.description << "\n";
        return;
    }
    if (o.checkpoint.empty() || o.inputs.empty() == o.csv.empty())
        throw Error("agop explain: --checkpoint and one of --inputs (encoded .npy) or --csv (raw rows) are required");
    if (o.figures && o.csv.empty()) throw Error("--figures: drawn for tabular explanations; pass raw rows with --csv");
    const std::optional<Shard> shard = o.shard.empty() ? std::nullopt : std::optional<Shard>(parse_shard(o.shard));
    if (shard && !o.source.save.empty())
        throw Error("--shard: not with --save (every shard would write it); save the checkpoint in one unsharded run, "
                    "then shard with --checkpoint NEW.safetensors");
    apply_runtime_options(o.common);
    const Method& method = find_method(o.method);
    std::string output = resolve_model_output(o);
    std::vector<std::string> inputs_read{o.checkpoint,       o.inputs,        o.csv, o.targets, o.background,
                                         o.source.agop_data, o.source.save};
    inputs_read.insert(inputs_read.end(), o.merged_parts.begin(), o.merged_parts.end());
    RunDirectory run(o.common.out, o.common.force, inputs_read, "explain");
    const auto& dir = run.staging();
    const ModelSource source = load_model_source(o.checkpoint, o.source, o.common.force);
    auto& model = source.model;
    const auto preprocessing = stored_tabular_preprocessing(source.metadata, o.checkpoint);
    if (preprocessing && preprocessing->regression) {
        if (o.model_output == "probability")
            throw Error("--model-output probability: " + o.checkpoint +
                        " is a regression model; its output is a value, not a probability");
        output = "value";  // the one output, in the target's units
    }
    std::optional<TabularRows> tabular;
    if (!o.csv.empty()) tabular = read_tabular_rows(source.metadata, o.checkpoint, o.csv, o.unseen_category);
    if (tabular && !o.common.quiet && !missing_cells_note(tabular->preprocessing).empty())
        std::cerr << "explain: " << missing_cells_note(tabular->preprocessing) << "\n";
    const ExplainInputs explain_inputs =
        tabular ? ExplainInputs{} : read_explain_inputs(o.inputs, source, o.images, o.common.quiet);
    const Tensor& inputs = tabular ? tabular->rows.inputs : explain_inputs.samples;

    MethodSettings settings;
    if (o.method.rfind("agop", 0) == 0 && o.method != "agop-local") {
        settings.agop.matrix = required_agop(source, o.method, o.checkpoint);
        if ((o.method == "agop-ixg" || o.method == "agop-filtered-grad") && source.agop_diagonal)
            throw Error("--method " + o.method + ": needs the full AGOP matrix, but " + o.checkpoint +
                        " stores only its diagonal (image models); use --method agop-weighted or agop-global, "
                        "which need only the diagonal");
        settings.agop.truncation = {o.agop_energy, o.agop_rank};
        // Once, not once per block of rows (an eigendecomposition of the d x d AGOP).
        if (o.method == "agop-ixg" || o.method == "agop-filtered-grad")
            settings.agop.filter = agop_top_k(settings.agop.matrix, settings.agop.truncation, "settings.agop.matrix");
    }
    settings.integrated_gradients.steps = o.ig_steps;
    settings.smoothgrad.samples = o.smoothgrad_samples;
    settings.smoothgrad.noise_level = o.smoothgrad_noise;
    settings.smoothgrad.seed = o.common.seed;
    settings.gradcam.layer = o.gradcam_layer;
    settings.kernelshap.seed = o.common.seed;
    settings.kernelshap.budget = o.kernelshap_budget;
    // Raw rows: the players are the original features (a one-hot group enters or leaves a
    // coalition whole), as shap sees a table before encoding.
    if (tabular) settings.kernelshap.groups = tabular->preprocessing.feature_groups();
    settings.lime.samples = o.lime_samples;
    settings.lime.kernel_width = o.lime_kernel_width;
    settings.lime.seed = o.common.seed;
    settings.occlusion.patch = o.occlusion_patch;
    settings.random.seed = o.common.seed;
    const bool needs_background = o.method == "deepshap" || o.method == "kernelshap" ||
                                  (o.method == "lime" && !preprocessing);
    if (needs_background && o.background.empty())
        throw Error("--method " + o.method + ": needs --background (training rows, e.g. the background.npy "
                    "that agop train wrote)");
    const Tensor background = o.background.empty() ? Tensor::from_shape({0}) : read_npy_tensor(o.background);
    settings.deepshap.background = background;
    settings.kernelshap.background = background;
    if (o.method == "lime") {
        // LIME samples around the training distribution: the statistics the checkpoint stores,
        // else (a model without stored preprocessing) those of the background rows.
        const auto stats = preprocessing ? FeatureStatistics{double_tensor(preprocessing->encoded_mean),
                                                             double_tensor(preprocessing->encoded_std)}
                                         : feature_statistics(background);
        settings.lime.feature_mean = stats.mean;
        settings.lime.feature_std = stats.std;
    }
    if (o.ig_baseline == "training-mean") {
        if (!preprocessing && o.background.empty())
            throw Error("--ig-baseline training-mean: the checkpoint stores no training statistics; pass "
                        "--background with training rows");
        settings.integrated_gradients.baseline = preprocessing ? Baseline::given(double_tensor(preprocessing->encoded_mean))
                                                               : Baseline::training_mean(background);
    } else if (o.ig_baseline != "zeros") {
        throw Error("--ig-baseline " + o.ig_baseline + ": expected zeros or training-mean");
    }
    const Targets targets = o.targets.empty() ? Targets::predicted() : Targets::classes(read_npy_labels(o.targets));

    const ExplainedModel logits = explained_model(*model);
    const ExplainedModel explained = output == "probability" ? probability_model(logits) : logits;
    const std::size_t total_rows = inputs.shape()[0];
    const RowRange rows = shard ? shard_rows(total_rows, *shard) : RowRange{0, total_rows};
    const auto start = std::chrono::steady_clock::now();
    const Tensor attributions = merged_attributions
                                    ? *merged_attributions
                                    : explain_rows_in_blocks(method.name, explained, inputs, targets, settings, rows);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (shard) {
        const auto written = write_explain_part(dir, o, *shard, rows, total_rows, attributions);
        run.commit();
        if (!o.common.quiet) {
            std::cout << method.name << " (" << output << "): rows " << rows.first << "-" << rows.first + rows.count - 1
                      << " of " << total_rows << " (part " << o.shard << ") in " << seconds << " s\n";
            for (const auto& file : written)
                std::cout << "wrote " << run.final_path(file.lexically_relative(dir).string()).string() << "\n";
        }
        return;
    }
    if (shape_of(attributions) != shape_of(inputs))
        throw Error("the parts hold attributions for " + std::to_string(attributions.shape()[0]) +
                    " rows of another shape than the " + std::to_string(total_rows) + " inputs");
    const auto path = dir / ("attributions_" + method.name + ".npy");
    write_npy_tensor(path.string(), attributions);
    const Predictions predictions = predict(logits, inputs, preprocessing && preprocessing->regression);
    const std::vector<int> explained_class = o.targets.empty() ? predictions.predicted_class : read_npy_labels(o.targets);
    const auto predictions_path = dir / ("predictions_" + method.name + ".csv");
    write_text_file_atomically(predictions_path,
                               predictions_csv(predictions, explained_class,
                                               preprocessing ? preprocessing->class_names : std::vector<std::string>{}));
    std::vector<std::filesystem::path> written{path, predictions_path};
    for (const auto& file : write_image_outputs(dir, explain_inputs, attributions, predictions, method.name, o.images))
        written.push_back(file);
    if (tabular) {
        const auto explanation = tabular_explanation(
            *tabular, method.name, method_settings(o, output), output, predictions, explained_class, attributions,
            method_base_values(method.name, explained, inputs, explained_class, settings), o.checkpoint);
        for (const auto& file : write_tabular_explanation(dir, explanation, o.per_column)) written.push_back(file);
        if (o.figures)
            for (const auto& file : write_explanation_figures(dir, explanation, o.figure_rows)) written.push_back(file);
    }
    run.commit();
    if (!o.common.quiet) {
        std::cout << method.name << " (" << output << "): " << total_rows << " samples ";
        if (merged_attributions)
            std::cout << "merged from parts\n";
        else
            std::cout << "in " << seconds << " s (" << total_rows / seconds << " samples/s)\n";
        for (const auto& file : written)
            std::cout << "wrote " << run.final_path(file.lexically_relative(dir).string()).string() << "\n";
    }
}

void add_explain_command(CLI::App& app) {
    auto o = std::make_shared<ExplainOptions>();
    CLI::App* cmd = app.add_subcommand("explain", "Attribute a checkpoint's predictions with any method; writes "
                                                  "OUT/attributions_<method>.npy");
    add_common_options(cmd, o->common, "results/explain");
    cmd->add_flag("--list", o->list, "List the methods and exit");
    cmd->add_option("--checkpoint", o->checkpoint, "model.safetensors written by agop train, or a PyTorch state dict")
        ->check(existing_file());
    cmd->add_option("--method", o->method, "Method name (see --list)")->capture_default_str();
    cmd->add_option("--inputs", o->inputs, "Inputs to explain, (N, ...) float .npy, or a folder of PNG files");
    cmd->add_option("--csv", o->csv, "Raw rows to explain, a CSV with the training file's columns (tabular checkpoints)")
        ->check(existing_file());
    cmd->add_option("--unseen-category", o->unseen_category, "A category not seen in training: error | zeros (all-zero one-hot group) | most-frequent (the training's most frequent category)")
        ->capture_default_str();
    cmd->add_flag("--per-column", o->per_column, "With --csv: also one column per encoded column (feature=category)");
    cmd->add_flag("--figures", o->figures, "With --csv: PNG and SVG figures of the explanation");
    cmd->add_option("--figure-rows", o->figure_rows, "With --figures: per-row figures for the first N rows")
        ->check(whole_number(0, 1000000))
        ->capture_default_str();
    cmd->add_option("--model-output", o->model_output, "Output explained: auto (probability for lime and kernelshap, "
                                                        "logit otherwise) | logit | probability")
        ->capture_default_str();
    cmd->add_option("--targets", o->targets, "Class per sample, (N) integer .npy (default: the predicted class)")
        ->check(existing_file());
    cmd->add_option("--background", o->background, "Training rows for deepshap, kernelshap and lime (.npy)")
        ->check(existing_file());
    cmd->add_option("--ig-steps", o->ig_steps, "Integrated Gradients steps")
        ->check(whole_number(1, 100000))
        ->capture_default_str();
    cmd->add_option("--ig-baseline", o->ig_baseline, "Integrated Gradients baseline: zeros | training-mean")
        ->capture_default_str();
    cmd->add_option("--smoothgrad-noise", o->smoothgrad_noise, "SmoothGrad sigma as a fraction of each sample's range")
        ->check(finite_number(0, 100))
        ->capture_default_str();
    cmd->add_option("--kernelshap-budget", o->kernelshap_budget, "KernelSHAP coalitions per sample (0: 2M + 2048)")
        ->check(whole_number(0, 10000000))
        ->capture_default_str();
    cmd->add_option("--lime-kernel-width", o->lime_kernel_width, "LIME kernel width (0: 0.75 sqrt(d))")
        ->check(finite_number(0, 1e6))
        ->capture_default_str();
    cmd->add_option("--occlusion-patch", o->occlusion_patch, "Occlusion patch side (images)")
        ->check(whole_number(1, 4096))
        ->capture_default_str();
    cmd->add_option("--smoothgrad-samples", o->smoothgrad_samples, "SmoothGrad noisy copies")
        ->check(whole_number(1, 100000))
        ->capture_default_str();
    cmd->add_option("--lime-samples", o->lime_samples, "LIME perturbations per sample")
        ->check(whole_number(1, 1000000))
        ->capture_default_str();
    cmd->add_option("--agop-rank", o->agop_rank, "AGOP-IxG: fixed K (0: smallest K holding --agop-energy of the trace)")
        ->check(whole_number(0, 1000000))
        ->capture_default_str();
    cmd->add_option("--agop-energy", o->agop_energy, "AGOP-IxG: share of trace(M) the top-K eigenvalues hold")
        ->check(finite_number(0, 1))
        ->capture_default_str();
    cmd->add_option("--gradcam-layer", o->gradcam_layer, "Grad-CAM layer (default: the model's last conv layer)");
    cmd->add_option("--shard", o->shard, "i/n: explain only the i-th of n row ranges and write a part for "
                                         "`agop merge` (part.json + the rows' attributions)");
    add_model_source_options(cmd, o->source);
    add_image_input_options(cmd, o->images);
    cmd->callback([o] { run_explain(*o); });
}

}  // namespace agop::cli
