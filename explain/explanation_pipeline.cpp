#include "explain/explanation_pipeline.hpp"

#include <algorithm>
#include <limits>

#include "attribution/nn_model_adapter.hpp"
#include "attribution/probability_output.hpp"
#include "autodiff/error.hpp"
#include "data/csv.hpp"
#include "data/npy.hpp"

namespace agop {

namespace {

Tensor double_tensor(const std::vector<double>& values) {
    Tensor t = Tensor::from_shape({values.size()});
    for (std::size_t i = 0; i < values.size(); ++i) t(i) = static_cast<float>(values[i]);
    return t;
}

std::string resolve_model_output(const Method& method, const std::string& requested, bool regression) {
    if (regression) {
        if (requested == "probability")
            throw Error(
                "--model-output probability: the checkpoint is a regression model (one output in the "
                "target's units); use auto or logit");
        return "value";
    }
    if (requested == "auto") return method.explains_probability ? "probability" : "logit";
    return requested;
}

// The AGOP settings of the agop-* methods: the matrix, and for the filtering methods its
// top-K eigenspace, once rather than once per block of rows (an eigendecomposition of d x d).
void set_agop(const Method& method, const ExplainSettings& s, const MethodData& d, MethodSettings& settings) {
    if (method.agop == AgopUse::none) return;
    settings.agop.matrix = *d.agop;
    if (method.agop == AgopUse::top_k_filter && d.agop_diagonal)
        throw Error("--method " + method.name + ": needs the full AGOP matrix, but " + d.checkpoint +
                    " stores only its diagonal (image models); use --method agop-weighted or agop-global, "
                    "which need only the diagonal");
    settings.agop.truncation = {s.agop_energy, s.agop_rank};
    if (method.agop == AgopUse::top_k_filter)
        settings.agop.filter = agop_top_k(settings.agop.matrix, settings.agop.truncation, "settings.agop.matrix");
}

// LIME samples around the training distribution: the statistics the checkpoint stores, else
// (a model without stored preprocessing) those of the background rows. Integrated Gradients'
// training-mean baseline likewise.
void set_training_statistics(const ExplainSettings& s, const MethodData& d, const Tensor& background,
                             MethodSettings& settings) {
    const TabularPreprocessing* pre = d.preprocessing;
    if (s.method == "lime") {
        const auto stats = pre ? FeatureStatistics{double_tensor(pre->encoded_mean), double_tensor(pre->encoded_std)}
                               : feature_statistics(background);
        settings.lime.feature_mean = stats.mean;
        settings.lime.feature_std = stats.std;
    }
    if (s.ig_baseline == "training-mean") {
        if (!pre && d.background.empty())
            throw Error(
                "--ig-baseline training-mean: the checkpoint stores no training statistics; pass "
                "--background with training rows");
        settings.integrated_gradients.baseline =
            pre ? Baseline::given(double_tensor(pre->encoded_mean)) : Baseline::training_mean(background);
    }
}

}  // namespace

bool is_regression(const nn::Metadata& metadata, const std::string& checkpoint) {
    const auto task = metadata.find("task");
    if (task == metadata.end() || task->second == "classification") return false;
    if (task->second == "regression") return true;
    throw Error(checkpoint + ": metadata task is \"" + task->second + "\"; expected classification or regression");
}

ExplainData encode_raw_rows(const TabularPreprocessing& preprocessing, const std::string& path,
                            const std::string& unseen) {
    ExplainData data;
    data.preprocessing = preprocessing;
    EncodedRows rows = encode_new_rows(*data.preprocessing, read_csv(path),
                                       parse_unseen_category(unseen, "--unseen-category"));
    data.inputs = std::move(rows.inputs);
    data.raw = std::move(rows);
    return data;
}

PreparedMethod prepare_method(const ExplainSettings& s, const MethodData& d) {
    PreparedMethod prepared;
    prepared.method = &find_method(s.method);
    const Method& method = *prepared.method;
    prepared.model_output = resolve_model_output(method, s.model_output, d.regression);
    MethodSettings& settings = prepared.settings;
    set_agop(method, s, d, settings);
    settings.integrated_gradients.steps = s.ig_steps;
    settings.integrated_gradients.rule = parse_integration_rule(s.ig_rule, "--ig-rule");
    settings.smoothgrad.samples = s.smoothgrad_samples;
    settings.smoothgrad.noise_level = s.smoothgrad_noise;
    settings.smoothgrad.seed = settings.kernelshap.seed = settings.lime.seed = settings.random.seed = d.seed;
    settings.gradcam.layer = s.gradcam_layer;
    settings.kernelshap.budget = s.kernelshap_budget;
    // Raw rows: the players are the original features (a one-hot group enters or leaves a
    // coalition whole), as shap sees a table before encoding.
    if (d.raw_rows) settings.kernelshap.groups = d.preprocessing->feature_groups();
    settings.lime.samples = s.lime_samples;
    settings.lime.kernel_width = s.lime_kernel_width;
    settings.occlusion.patch = s.occlusion_patch;
    const bool needs_background = method.needs_background || (s.method == "lime" && !d.preprocessing);
    if (needs_background && d.background.empty())
        throw Error("--method " + s.method +
                    ": needs --background (training rows, e.g. the background.npy "
                    "that agop train wrote)");
    const Tensor background = d.background.empty() ? Tensor::from_shape({0}) : read_npy_tensor(d.background);
    settings.deepshap.background = background;
    settings.kernelshap.background = background;
    set_training_statistics(s, d, background, settings);
    return prepared;
}

ExplainedModels explained_models(nn::Model& model, const std::string& model_output) {
    ExplainedModel logits = explained_model(model);
    ExplainedModel explained = model_output == "probability" ? probability_model(logits) : logits;
    return {std::move(logits), std::move(explained)};
}

Predictions predict(const ExplainedModel& logits, const Tensor& inputs, bool regression) {
    Predictions out;
    if (regression) {
        const Tensor y = predict_logits(logits, inputs);
        if (y.dimension() != 2 || y.shape()[1] != 1)
            throw Error("a regression model has one output; this one gives " + std::to_string(y.shape()[1]));
        out.predicted_value.assign(y.data(), y.data() + y.shape()[0]);
        return out;
    }
    const Tensor p = predict_probabilities(logits, inputs);
    const std::size_t n = p.shape()[0], c = p.shape()[1];
    for (std::size_t r = 0; r < n; ++r) {
        const float* row = p.data() + r * c;
        const auto best = static_cast<std::size_t>(std::max_element(row, row + c) - row);
        out.predicted_class.push_back(static_cast<int>(best));
        out.probability.push_back(row[best]);
    }
    return out;
}

BaseValues method_base_values(const Method& method, const ExplainedModel& explained, const Shape& batch_shape,
                              const std::vector<int>& explained_output, const MethodSettings& settings) {
    if (!method.reference.rows)
        return {
            std::vector<double>(explained_output.size(), std::numeric_limits<double>::quiet_NaN()),
            "none: " + method.name + " has no reference output; its values are not contributions that add up to f(x)"};
    const Tensor out = predict_logits(explained, method.reference.rows(batch_shape, settings));
    const std::size_t b = out.shape()[0], c = out.shape()[1];
    std::vector<double> mean(c, 0.0);
    for (std::size_t r = 0; r < b; ++r)
        for (std::size_t k = 0; k < c; ++k) mean[k] += out(r, k);
    std::vector<double> values;
    for (int k : explained_output) values.push_back(mean[static_cast<std::size_t>(k)] / static_cast<double>(b));
    return {values, method.reference.meaning};
}

Targets explained_targets(const std::vector<int>& classes, std::size_t rows, bool regression) {
    if (regression) {
        if (!classes.empty())
            throw Error("--targets: a regression model has one output, which every row explains; leave --targets out");
        return Targets::classes(std::vector<int>(rows, 0));
    }
    return classes.empty() ? Targets::predicted() : Targets::classes(classes);
}

ExplanationResults explanation_results(const PreparedMethod& prepared, const ExplainedModels& models,
                                       const Tensor& inputs, const Targets& targets, bool regression) {
    ExplanationResults results;
    results.predictions = predict(models.logits, inputs, regression);
    results.explained_output = targets.is_predicted() ? results.predictions.predicted_class : targets.given();
    results.base_values = method_base_values(*prepared.method, models.explained, shape_of(inputs),
                                             results.explained_output, prepared.settings);
    return results;
}

}  // namespace agop
