#include "cli/command_explain.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include "attribution/lime.hpp"
#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/error.hpp"
#include "cli/common_options.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "data/npy.hpp"
#include "nn/checkpoint.hpp"
#include "nn/safetensors.hpp"

namespace agop::cli {

namespace {

struct ExplainOptions {
    CommonOptions common;
    bool list = false;
    std::string checkpoint, method = "agop-ixg", inputs, targets, background;
    std::size_t ig_steps = 50, smoothgrad_samples = 50, lime_samples = 5000, agop_rank = 0;
    double agop_energy = 0.95;
    std::string gradcam_layer;
};

// The AGOP stored by `agop train` (full matrix preferred, else the diagonal).
Tensor stored_agop(const nn::SafetensorsFile& file, const std::string& path) {
    if (const Tensor* m = file.find("agop.matrix")) return *m;
    if (const Tensor* d = file.find("agop.diagonal")) return *d;
    throw Error("--checkpoint " + path + ": holds no AGOP (agop.matrix or agop.diagonal); train it with agop train");
}

void run_explain(const ExplainOptions& o) {
    if (o.list) {
        for (const auto& m : methods()) std::cout << m.name << "\t" << m.description << "\n";
        return;
    }
    if (o.checkpoint.empty() || o.inputs.empty()) throw Error("agop explain: --checkpoint and --inputs are required");
    apply_runtime_options(o.common);
    const Method& method = find_method(o.method);
    RunDirectory run(o.common.out, o.common.force, {o.checkpoint, o.inputs, o.targets, o.background}, "explain");
    auto model = nn::load_model(o.checkpoint);
    const Tensor inputs = read_npy_tensor(o.inputs);

    MethodSettings settings;
    if (o.method.rfind("agop", 0) == 0 && o.method != "agop-local") {
        settings.agop.matrix = stored_agop(nn::read_safetensors(o.checkpoint), o.checkpoint);
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
    const std::string file = "attributions_" + method.name + ".npy";
    write_npy_tensor((run.staging() / file).string(), attributions);
    run.commit();
    if (!o.common.quiet)
        std::cout << method.name << ": " << inputs.shape()[0] << " samples in " << seconds << " s ("
                  << inputs.shape()[0] / seconds << " samples/s)\nwrote " << run.final_path(file).string() << "\n";
}

}  // namespace

void add_explain_command(CLI::App& app) {
    auto o = std::make_shared<ExplainOptions>();
    CLI::App* cmd = app.add_subcommand("explain", "Attribute a checkpoint's predictions with any method; writes "
                                                  "OUT/attributions_<method>.npy");
    add_common_options(cmd, o->common, "results/explain");
    cmd->add_flag("--list", o->list, "List the methods and exit");
    cmd->add_option("--checkpoint", o->checkpoint, "model.safetensors written by agop train")->check(existing_file());
    cmd->add_option("--method", o->method, "Method name (see --list)")->capture_default_str();
    cmd->add_option("--inputs", o->inputs, "Inputs to explain, (N, ...) float .npy")->check(existing_file());
    cmd->add_option("--targets", o->targets, "Class per sample, (N) integer .npy (default: the predicted class)")
        ->check(existing_file());
    cmd->add_option("--background", o->background, "Training rows for deepshap, kernelshap and lime (.npy)")
        ->check(existing_file());
    cmd->add_option("--ig-steps", o->ig_steps, "Integrated Gradients steps")
        ->check(whole_number(1, 100000))
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
    cmd->callback([o] { run_explain(*o); });
}

}  // namespace agop::cli
