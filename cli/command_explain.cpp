#include "cli/command_explain.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include "attribution/lime.hpp"
#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/error.hpp"
#include "cli/common_options.hpp"
#include "cli/image_inputs.hpp"
#include "cli/model_source.hpp"
#include "data/npy.hpp"

namespace agop::cli {

namespace {

struct ExplainOptions {
    CommonOptions common;
    bool list = false;
    std::string checkpoint, method = "agop-ixg", inputs, targets, background;
    std::size_t ig_steps = 50, smoothgrad_samples = 50, lime_samples = 5000, agop_rank = 0;
    double agop_energy = 0.95;
    std::string gradcam_layer;
    ModelSourceOptions source;
    ImageInputOptions images;
};

void run_explain(const ExplainOptions& o) {
    if (o.list) {
        for (const auto& m : methods()) std::cout << m.name << "\t" << m.description << "\n";
        return;
    }
    if (o.checkpoint.empty() || o.inputs.empty()) throw Error("agop explain: --checkpoint and --inputs are required");
    apply_runtime_options(o.common);
    const Method& method = find_method(o.method);
    const auto dir = prepare_output_directory(o.common);
    const ModelSource source = load_model_source(o.checkpoint, o.source, o.common.force);
    auto& model = source.model;
    const ExplainInputs explain_inputs = read_explain_inputs(o.inputs, source, o.images, o.common.quiet);
    const Tensor& inputs = explain_inputs.samples;

    MethodSettings settings;
    if (o.method.rfind("agop", 0) == 0 && o.method != "agop-local") {
        settings.agop.matrix = required_agop(source, o.method, o.checkpoint);
        settings.agop.truncation = {o.agop_energy, o.agop_rank};
    }
    settings.integrated_gradients.steps = o.ig_steps;
    settings.smoothgrad.samples = o.smoothgrad_samples;
    settings.smoothgrad.seed = o.common.seed;
    settings.gradcam.layer = o.gradcam_layer;
    settings.kernelshap.seed = o.common.seed;
    settings.lime.samples = o.lime_samples;
    settings.lime.seed = o.common.seed;
    settings.random.seed = o.common.seed;
    const bool needs_background = o.method == "deepshap" || o.method == "kernelshap" || o.method == "lime";
    if (needs_background) {
        if (o.background.empty())
            throw Error("--method " + o.method + ": needs --background (training rows, e.g. the background.npy "
                        "that agop train wrote)");
        const Tensor background = read_npy_tensor(o.background);
        settings.deepshap.background = background;
        settings.kernelshap.background = background;
        const auto stats = feature_statistics(background);
        settings.lime.feature_mean = stats.mean;
        settings.lime.feature_std = stats.std;
    }
    const Targets targets = o.targets.empty() ? Targets::predicted() : Targets::classes(read_npy_labels(o.targets));

    const ExplainedModel explained = explained_model(*model);
    const auto start = std::chrono::steady_clock::now();
    const Tensor attributions = explain(method.name, explained, inputs, targets, settings);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto path = dir / ("attributions_" + method.name + ".npy");
    write_npy_tensor(path.string(), attributions);
    write_image_outputs(dir, explain_inputs, attributions, *model, method.name, o.images);
    std::cout << method.name << ": " << inputs.shape()[0] << " samples in " << seconds << " s ("
              << inputs.shape()[0] / seconds << " samples/s)\nwrote " << path.string() << "\n";
}

}  // namespace

void add_explain_command(CLI::App& app) {
    auto o = std::make_shared<ExplainOptions>();
    CLI::App* cmd = app.add_subcommand("explain", "Attribute a checkpoint's predictions with any method; writes "
                                                  "OUT/attributions_<method>.npy");
    add_common_options(cmd, o->common, "results/explain");
    cmd->add_flag("--list", o->list, "List the methods and exit");
    cmd->add_option("--checkpoint", o->checkpoint, "model.safetensors written by agop train, or a PyTorch state dict");
    cmd->add_option("--method", o->method, "Method name (see --list)")->capture_default_str();
    cmd->add_option("--inputs", o->inputs, "Inputs to explain, (N, ...) float .npy, or a folder of PNG files");
    cmd->add_option("--targets", o->targets, "Class per sample, (N) integer .npy (default: the predicted class)");
    cmd->add_option("--background", o->background, "Training rows for deepshap, kernelshap and lime (.npy)");
    cmd->add_option("--ig-steps", o->ig_steps, "Integrated Gradients steps")->capture_default_str();
    cmd->add_option("--smoothgrad-samples", o->smoothgrad_samples, "SmoothGrad noisy copies")->capture_default_str();
    cmd->add_option("--lime-samples", o->lime_samples, "LIME perturbations per sample")->capture_default_str();
    cmd->add_option("--agop-rank", o->agop_rank, "AGOP-IxG: fixed K (0: smallest K holding --agop-energy of the trace)")
        ->capture_default_str();
    cmd->add_option("--agop-energy", o->agop_energy, "AGOP-IxG: share of trace(M) the top-K eigenvalues hold")
        ->capture_default_str();
    cmd->add_option("--gradcam-layer", o->gradcam_layer, "Grad-CAM layer (default: the model's last conv layer)");
    add_model_source_options(cmd, o->source);
    add_image_input_options(cmd, o->images);
    cmd->callback([o] { run_explain(*o); });
}

}  // namespace agop::cli
