#include "agop/model.hpp"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <xtensor/xbuilder.hpp>

#include "agop/evaluate.hpp"
#include "api/tensor_conversion.hpp"
#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/probability_output.hpp"
#include "autodiff/error.hpp"
#include "eval/attribution_scorecard.hpp"
#include "eval/parameter_randomisation.hpp"
#include "nn/agop.hpp"
#include "nn/checkpoint.hpp"
#include "nn/safetensors.hpp"

namespace agop {

// The engine's model, frozen in eval mode once at load, and the ExplainedModel every method
// takes. Forward passes go through `layers_access`: forwards share it (they only read the
// layers; Grad-CAM's recorded activations live on the caller's tape), compute_agop takes it
// alone (it writes the layers' mode flags). Backward sweeps touch only the caller's tape.
struct Model::State {
    std::unique_ptr<nn::Model> network;
    std::string source;
    Tensor stored_agop = Tensor::from_shape({0});
    bool regression = false;                 // metadata "task" = "regression": one output, a value
    ExplainedModel explained;                // logits
    ExplainedModel explained_probabilities;  // softmax(logits)
    mutable std::shared_mutex layers_access;
};

namespace {

std::unique_ptr<Model::State> state_from_checkpoint(const nn::SafetensorsFile& file, const std::string& source) {
    auto state = std::make_unique<Model::State>();
    state->network = nn::load_model(file, source);
    state->source = source;
    const auto task = file.metadata.find("task");
    state->regression = task != file.metadata.end() && task->second == "regression";
    if (state->regression && state->network->num_classes() != 1)
        throw Error(source + ": metadata says a regression model, but the model has " +
                    std::to_string(state->network->num_classes()) + " outputs (expected 1)");
    if (const Tensor* m = file.find("agop.matrix"))
        state->stored_agop = *m;
    else if (const Tensor* d = file.find("agop.diagonal"))
        state->stored_agop = *d;

    const ExplainedModel adapted = explained_model(*state->network);  // eval mode, frozen parameters
    Model::State* s = state.get();                                    // heap-allocated: stable across moves
    state->explained.max_batch_rows = adapted.max_batch_rows;
    state->explained.logits = [s, forward = adapted.logits](Tape& tape, const Var& x) {
        std::shared_lock<std::shared_mutex> shared(s->layers_access);
        return forward(tape, x);
    };
    state->explained.logits_with_activation = [s, forward = adapted.logits_with_activation](
                                                  Tape& tape, const Var& x, const std::string& layer, Var& activation) {
        std::shared_lock<std::shared_mutex> shared(s->layers_access);
        return forward(tape, x, layer, activation);
    };
    if (adapted.dense_layers)
        state->explained.dense_layers = [s, layers = adapted.dense_layers] {
            std::shared_lock<std::shared_mutex> shared(s->layers_access);
            return layers();
        };
    state->explained_probabilities = probability_model(state->explained);
    return state;
}

// "(N, 1, 8, 8)" for a sample shape (1, 8, 8).
std::string batch_shape_text(const Shape& sample_shape) {
    std::string text = "(N";
    for (std::size_t extent : sample_shape) text += ", " + std::to_string(extent);
    return text + ")";
}

// inputs as a Tensor, checked to be a non-empty batch of the model's samples.
Tensor checked_inputs(const Model::State& state, const ArrayView& inputs, const std::string& operation) {
    Tensor tensor = api::tensor_from_view(inputs, operation + " inputs");
    const Shape sample = state.network->input_shape();
    const auto& shape = tensor.shape();
    const bool fits = shape.size() == sample.size() + 1 && std::equal(sample.begin(), sample.end(), shape.begin() + 1);
    if (!fits || shape[0] == 0)
        throw Error(operation + " inputs: the " + state.network->architecture().at("architecture") + " model of " +
                    state.source + " takes a batch " + batch_shape_text(sample) + " with N >= 1, got " +
                    shape_string(tensor));
    return tensor;
}

bool needs_agop(const std::string& method) { return method.rfind("agop", 0) == 0 && method != "agop-local"; }

// The CLI's rule (agop explain --model-output auto): lime and shap usually run on predict_proba;
// a regression model's one output is the value itself.
bool explains_probabilities(const Model::State& state, const std::string& method, ExplainSettings::ModelOutput output) {
    if (state.regression) {
        if (output == ExplainSettings::ModelOutput::probabilities)
            throw Error("explain " + method + ": " + state.source +
                        " is a regression model; its output is a value, not a probability");
        return false;
    }
    if (output == ExplainSettings::ModelOutput::automatic) return method == "lime" || method == "kernelshap";
    return output == ExplainSettings::ModelOutput::probabilities;
}

bool needs_background(const std::string& method) {
    return method == "deepshap" || method == "kernelshap" || method == "lime";
}

// The engine's settings for `method` from the public ones.
IntegrationRule engine_rule(ExplainSettings::IgRule rule) {
    switch (rule) {
        case ExplainSettings::IgRule::gauss_legendre: return IntegrationRule::gauss_legendre;
        case ExplainSettings::IgRule::trapezoid: return IntegrationRule::trapezoid;
        case ExplainSettings::IgRule::riemann_left: return IntegrationRule::riemann_left;
        case ExplainSettings::IgRule::riemann_right: return IntegrationRule::riemann_right;
        case ExplainSettings::IgRule::riemann_middle: return IntegrationRule::riemann_middle;
    }
    throw Error("explain integrated-gradients: settings.ig_rule is not one of the rules");
}

MethodSettings method_settings(const Model::State& state, const std::string& method, const ExplainSettings& given) {
    MethodSettings settings;
    if (needs_agop(method)) {
        if (!given.agop.empty())
            settings.agop.matrix = api::tensor_from_view(given.agop, "explain " + method + " settings.agop");
        else if (state.stored_agop.size() > 0)
            settings.agop.matrix = state.stored_agop;
        else
            throw Error("explain " + method + ": settings.agop is empty and " + state.source +
                        " holds no AGOP (agop.matrix or agop.diagonal); pass the AGOP or train with agop train");
        settings.agop.truncation = {given.agop_energy, given.agop_rank};
    }
    if (needs_background(method)) {
        if (given.background.empty())
            throw Error("explain " + method +
                        ": needs settings.background, training rows (B, ...) shaped like "
                        "the inputs' samples");
        const Tensor background = api::tensor_from_view(given.background, "explain " + method + " settings.background");
        settings.deepshap.background = background;
        settings.kernelshap.background = background;
        if (method == "lime") {
            const FeatureStatistics statistics = feature_statistics(background);
            settings.lime.feature_mean = statistics.mean;
            settings.lime.feature_std = statistics.std;
        }
    }
    settings.integrated_gradients.steps = given.ig_steps;
    settings.integrated_gradients.rule = engine_rule(given.ig_rule);
    settings.smoothgrad.samples = given.smoothgrad_samples;
    settings.smoothgrad.noise_level = given.smoothgrad_noise_level;
    settings.smoothgrad.seed = given.seed;
    settings.gradcam.layer = given.gradcam_layer;
    settings.kernelshap.budget = given.kernelshap_budget;
    settings.kernelshap.seed = given.seed;
    settings.lime.samples = given.lime_samples;
    settings.lime.kernel_width = given.lime_kernel_width;
    settings.lime.seed = given.seed;
    settings.occlusion.patch = given.occlusion_patch;
    settings.occlusion.stride = given.occlusion_stride;
    settings.random.seed = given.seed;
    return settings;
}

}  // namespace

std::vector<MethodInfo> attribution_methods() {
    std::vector<MethodInfo> list;
    for (const Method& method : methods()) list.push_back({method.name, method.description});
    return list;
}

Model::Model(std::unique_ptr<State> state) : state_(std::move(state)) {}
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

Model Model::load(const std::string& path) { return Model(state_from_checkpoint(nn::read_safetensors(path), path)); }

Model Model::load_from_memory(const void* bytes, std::size_t size, const std::string& source) {
    if (bytes == nullptr && size > 0) throw Error(source + ": a null buffer of " + std::to_string(size) + " bytes");
    return Model(state_from_checkpoint(nn::parse_safetensors(static_cast<const char*>(bytes), size, source), source));
}

std::string Model::architecture() const { return state_->network->architecture().at("architecture"); }
Shape Model::input_shape() const { return state_->network->input_shape(); }
std::size_t Model::class_count() const { return state_->network->num_classes(); }
bool Model::has_stored_agop() const { return state_->stored_agop.size() > 0; }

Array Model::stored_agop() const {
    if (!has_stored_agop()) throw Error(state_->source + ": holds no AGOP (agop.matrix or agop.diagonal)");
    return api::array_from_tensor(state_->stored_agop);
}

Array Model::logits(ArrayView inputs) const {
    return api::array_from_tensor(predict_logits(state_->explained, checked_inputs(*state_, inputs, "logits")));
}

Array Model::probabilities(ArrayView inputs) const {
    if (state_->regression)
        throw Error("probabilities: " + state_->source + " is a regression model; use predicted_values");
    return api::array_from_tensor(
        predict_probabilities(state_->explained, checked_inputs(*state_, inputs, "probabilities")));
}

bool Model::is_regression() const { return state_->regression; }

std::vector<double> Model::predicted_values(ArrayView inputs) const {
    if (!state_->regression)
        throw Error("predicted_values: " + state_->source + " is a classifier; use probabilities or logits");
    const Tensor values = predict_logits(state_->explained, checked_inputs(*state_, inputs, "predicted_values"));
    return std::vector<double>(values.begin(), values.end());
}

std::vector<int> Model::predicted_classes(ArrayView inputs) const {
    return agop::predicted_classes(state_->explained, checked_inputs(*state_, inputs, "predicted_classes"));
}

Array Model::explain(const std::string& method, ArrayView inputs, const ExplainSettings& settings) const {
    const Method& found = find_method(method);
    const Tensor batch = checked_inputs(*state_, inputs, "explain " + method);
    const MethodSettings engine_settings = method_settings(*state_, found.name, settings);
    const Targets targets = settings.targets.empty() ? Targets::predicted() : Targets::classes(settings.targets);
    const ExplainedModel& explained = explains_probabilities(*state_, found.name, settings.model_output)
                                          ? state_->explained_probabilities
                                          : state_->explained;
    return api::array_from_tensor(agop::explain(found.name, explained, batch, targets, engine_settings));
}

Array Model::compute_agop(ArrayView inputs, const AgopOptions& options) const {
    const Tensor batch = checked_inputs(*state_, inputs, "compute_agop");
    nn::AgopOptions engine_options;
    engine_options.outputs = options.outputs == AgopOptions::Outputs::all ? nn::AgopOptions::Outputs::all
                             : options.outputs == AgopOptions::Outputs::predicted
                                 ? nn::AgopOptions::Outputs::predicted
                                 : nn::AgopOptions::Outputs::true_class;
    engine_options.space = options.space == AgopOptions::Space::logits ? nn::AgopOptions::Space::logits
                                                                       : nn::AgopOptions::Space::probabilities;
    engine_options.diagonal = options.diagonal;
    if (options.outputs == AgopOptions::Outputs::true_class && options.labels.size() != batch.shape()[0])
        throw Error("compute_agop: Outputs::true_class needs one label per input row (" +
                    std::to_string(batch.shape()[0]) + "), got " + std::to_string(options.labels.size()));
    std::unique_lock<std::shared_mutex> alone(state_->layers_access);
    return api::array_from_tensor(
        nn::compute_agop(*state_->network, batch, engine_options,
                         options.outputs == AgopOptions::Outputs::true_class ? &options.labels : nullptr));
}

}  // namespace agop

namespace agop {

std::vector<std::string> evaluation_metrics() { return scorecard_metrics(); }

std::vector<MetricScore> Model::evaluate(const std::vector<std::string>& metrics, ArrayView inputs,
                                         ArrayView attributions, const EvaluateSettings& settings) const {
    const Tensor batch = checked_inputs(*state_, inputs, "evaluate");
    const Tensor a = api::tensor_from_view(attributions, "evaluate attributions");
    const Shape sample(batch.shape().begin() + 1, batch.shape().end());
    const ExplainedModel& explained = settings.probabilities ? state_->explained_probabilities : state_->explained;
    ScorecardInputs in;
    in.model = &explained;
    in.inputs = batch;
    in.targets = settings.targets.empty() ? agop::predicted_classes(state_->explained, batch) : settings.targets;
    in.baseline = settings.baseline.empty() ? Tensor(xt::zeros<float>(sample))
                                            : api::tensor_from_view(settings.baseline, "evaluate baseline");
    in.groups = patch_groups(sample, settings.patch);
    ExplainSettings given = settings.method_settings;
    given.targets.clear();
    given.model_output =
        settings.probabilities ? ExplainSettings::ModelOutput::probabilities : ExplainSettings::ModelOutput::logits;
    State fresh;  // the randomised copy, only for the randomisation metric
    if (!settings.method.empty()) {
        const std::string method = find_method(settings.method).name;
        const MethodSettings engine = method_settings(*state_, method, given);
        in.explain = [method, engine, &explained](const Tensor& x, const std::vector<int>& t) {
            return agop::explain(method, explained, x, Targets::classes(t), engine);
        };
        if (std::find(metrics.begin(), metrics.end(), "randomisation") != metrics.end()) {
            fresh.network = randomised_model(*state_->network, settings.seed + 1);
            fresh.source = state_->source + " (randomised)";
            fresh.explained = explained_model(*fresh.network);
            fresh.explained_probabilities = probability_model(fresh.explained);
            if (needs_agop(method)) {
                nn::AgopOptions agop_options;
                agop_options.diagonal = sample.size() == 3;
                fresh.stored_agop = nn::compute_agop(*fresh.network, batch, agop_options);
            }
            ExplainSettings fresh_given = given;
            fresh_given.agop = {};
            in.randomised_attributions =
                agop::explain(method, settings.probabilities ? fresh.explained_probabilities : fresh.explained, batch,
                              Targets::classes(in.targets), method_settings(fresh, method, fresh_given));
        }
    }
    ScorecardSettings s;
    s.deletion.seed = s.faithfulness.seed = s.infidelity.seed = s.prediction_gap.seed = s.stability.seed =
        settings.seed;
    std::vector<MetricScore> out;
    for (const ScoredMetric& m : score_attributions(in, a, metrics, s)) {
        const MeanInterval interval = mean_and_interval(m.values.per_sample);
        out.push_back({m.name, higher_is_better(m.name), interval.mean, interval.half_width, m.values.per_sample});
    }
    return out;
}

}  // namespace agop
