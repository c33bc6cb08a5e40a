#include "cli/command_compare_setup.hpp"

#include <algorithm>
#include <sstream>
#include <variant>

#include "attribution/integrated_gradients.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/probability_output.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "cli/tabular_metadata.hpp"
#include "data/npy.hpp"
#include "eval/parameter_randomisation.hpp"
#include "explain/explanation_pipeline.hpp"
#include "nn/agop.hpp"
#include "nn/labelled_data.hpp"

namespace agop::cli {

namespace {

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string short_number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

Tensor row_of(const std::vector<double>& values) {
    Tensor t = Tensor::from_shape({1, values.size()});
    for (std::size_t j = 0; j < values.size(); ++j) t(0, j) = static_cast<float>(values[j]);
    return t;
}

// --rows N of the file's rows drawn with the seed (all when N >= the count), in file order.
Tensor draw_rows(const Tensor& all, std::size_t wanted, std::uint64_t seed) {
    const std::size_t total = all.shape()[0];
    if (wanted >= total) return all;
    std::vector<std::size_t> chosen = Rng::stream(seed, 31).permutation(total);
    chosen.resize(wanted);
    std::sort(chosen.begin(), chosen.end());
    return nn::gather_rows(all, chosen);
}

// The methods that can run on this model: every one but agop-local (it is vanilla-grad),
// those needing what the model lacks (an AGOP, the full AGOP, a conv layer), and LIME and
// KernelSHAP on images (their cost grows with the pixels).
std::vector<std::string> supported_methods(const ModelSource& source, bool images) {
    std::vector<std::string> out;
    for (const Method& m : methods()) {
        const std::string& n = m.name;
        if (n == "agop-local") continue;
        if ((n == "agop-ixg" || n == "agop-filtered-grad") && (!source.agop || source.agop_diagonal)) continue;
        if ((n == "agop-weighted" || n == "agop-global") && !source.agop) continue;
        if (n == "gradcam" && source.model->last_conv_layer().empty()) continue;
        if ((n == "lime" || n == "kernelshap") && images) continue;
        out.push_back(n);
    }
    return out;
}

MethodSettings method_settings(const CompareOptions& o, const std::optional<Tensor>& agop, const Tensor& background,
                               const FeatureStatistics& statistics, const std::vector<std::size_t>& kernelshap_groups) {
    MethodSettings s;
    if (agop) {
        s.agop.matrix = *agop;
        s.agop.truncation = {o.explain.settings.agop_energy, o.explain.settings.agop_rank};
        if (agop->dimension() == 2 && agop->shape()[0] == agop->shape()[1])
            s.agop.filter = agop_top_k(s.agop.matrix, s.agop.truncation, "the AGOP");
    }
    const ExplainSettings& e = o.explain.settings;
    s.integrated_gradients.steps = e.ig_steps;
    s.integrated_gradients.rule = parse_integration_rule(e.ig_rule, "--ig-rule");
    s.smoothgrad.samples = e.smoothgrad_samples;
    s.smoothgrad.noise_level = e.smoothgrad_noise;
    s.smoothgrad.seed = o.common.seed;
    s.gradcam.layer = e.gradcam_layer;
    s.occlusion.patch = e.occlusion_patch;
    s.deepshap.background = background;
    s.kernelshap.background = background;
    s.kernelshap.seed = o.common.seed;
    s.kernelshap.budget = e.kernelshap_budget;
    s.kernelshap.groups = kernelshap_groups;
    s.lime.samples = e.lime_samples;
    s.lime.kernel_width = e.lime_kernel_width;
    s.lime.seed = o.common.seed;
    s.lime.feature_mean = statistics.mean;
    s.lime.feature_std = statistics.std;
    s.random.seed = o.common.seed;
    return s;
}

// "--ig-rule trapezoid, --smoothgrad-samples 10": the method options set away from compare's
// defaults (KernelSHAP's budget has its own line).
std::string changed_method_options(ExplainOptions options) {
    ExplainOptions defaults = compare_method_defaults();
    std::string out;
    for (const ExplainOption& option : explain_option_table()) {
        if (!is_compare_method_option(option) || std::string(option.flag) == "--kernelshap-budget") continue;
        std::visit(
            [&](auto* value) {
                using T = std::remove_pointer_t<decltype(value)>;
                const T& fallback = *std::get<T*>(option.field(defaults));
                if (*value == fallback) return;
                std::ostringstream text;
                text << option.flag << " " << *value;
                out += (out.empty() ? "" : ", ") + text.str();
            },
            option.field(options));
    }
    return out;
}

}  // namespace

bool is_compare_method_option(const ExplainOption& option) {
    const std::string flag = option.flag;
    return option.help && flag != "--ig-baseline" && (!option.methods.empty() || flag == "--gradcam-layer");
}

bool is_compare_input_option(const ExplainOption& option) {
    const std::string flag = option.flag;
    return flag == "--checkpoint" || flag == "--csv" || flag == "--inputs" || flag == "--background";
}

ExplainOptions compare_method_defaults() {
    ExplainOptions options;
    options.settings.kernelshap_budget = 512;
    return options;
}

namespace {

void check_compare_options(const CompareOptions& o) {
    if (o.explain.checkpoint.empty() || o.explain.inputs.empty() == o.explain.csv.empty())
        throw Error(
            "agop compare: --checkpoint and one of --csv (raw rows) or --inputs (.npy or a PNG folder) are required");
    if (o.model_output != "logit" && o.model_output != "probability")
        throw Error("--model-output " + o.model_output + ": expected logit or probability");
    for (const std::string& m : split_list(o.methods)) find_method(m);
    for (const std::string& m : split_list(o.metrics)) higher_is_better(m);
}

// Every row of --csv (encoded with the checkpoint's preprocessing) or of --inputs.
Tensor all_compare_rows(const CompareOptions& o, const CompareSetup& c,
                        const std::optional<TabularPreprocessing>& preprocessing) {
    if (o.explain.csv.empty()) return read_explain_inputs(o.explain.inputs, c.source, o.images, o.common.quiet).samples;
    if (!preprocessing)
        throw Error("--checkpoint " + o.explain.checkpoint +
                    ": holds no tabular preprocessing, so raw rows (--csv) cannot be "
                    "encoded; pass encoded rows with --inputs");
    if (o.unseen_category != "error" && o.unseen_category != "zeros")
        throw Error("--unseen-category " + o.unseen_category + ": expected error or zeros");
    return encode_raw_rows(*preprocessing, o.explain.csv, o.unseen_category).inputs;
}

// The baseline into c.scorecard.baseline: a blurred copy for images, the training mean for tables
// when it is known (stored preprocessing or --background), else zeros (auto). Returns its name.
std::string set_compare_baseline(const CompareOptions& o, CompareSetup& c,
                                 const std::optional<TabularPreprocessing>& preprocessing,
                                 const Tensor& background_given, const Shape& sample) {
    const bool mean_known = preprocessing || background_given.dimension() > 1;
    const std::string baseline = o.baseline == "auto" ? (c.images     ? "blur"
                                                         : mean_known ? "mean"
                                                                      : "zeros")
                                                      : o.baseline;
    if (baseline == "zeros") {
        c.scorecard.baseline = Tensor::from_shape(sample);
        c.scorecard.baseline.fill(0.0f);
    } else if (baseline == "mean") {
        if (preprocessing)
            c.scorecard.baseline = xt::view(row_of(preprocessing->encoded_mean), 0);
        else if (background_given.dimension() > 1)
            c.scorecard.baseline = xt::mean(background_given, {0});
        else
            throw Error(
                "--baseline mean: the checkpoint stores no training statistics; pass --background with training rows");
    } else if (baseline == "blur") {
        if (!c.images) throw Error("--baseline blur: for images; tables take zeros or mean");
        c.scorecard.baseline = blurred_baseline(c.inputs, std::max(1.0, sample[2] / 16.0));
    } else {
        throw Error("--baseline " + o.baseline + ": expected auto, zeros, mean or blur");
    }
    return baseline;
}

// The randomised twin: fresh parameters of the same architecture; its AGOP (for the AGOP
// methods) on the compared rows, full or diagonal as the checkpoint's.
void add_randomised_twin(const CompareOptions& o, CompareSetup& c, const Tensor& background,
                         const FeatureStatistics& statistics, const std::vector<std::size_t>& kernelshap_groups) {
    c.randomised = randomised_model(*c.source.model, Rng::stream(o.common.seed, 41).next_u64());
    const ExplainedModel fresh_logits = explained_model(*c.randomised);
    c.randomised_explained = o.model_output == "probability" ? probability_model(fresh_logits) : fresh_logits;
    std::optional<Tensor> fresh_agop;
    if (c.source.agop) {
        nn::AgopOptions agop_options;
        agop_options.diagonal = c.source.agop_diagonal;
        fresh_agop = nn::compute_agop(*c.randomised, c.inputs, agop_options);
    }
    c.randomised_settings = method_settings(o, fresh_agop, background, statistics, kernelshap_groups);
}

void set_scorecard_settings(const CompareOptions& o, CompareSetup& c) {
    c.scorecard.model = &c.explained;
    c.scorecard.inputs = c.inputs;
    c.scorecard.targets = c.targets;
    ScorecardSettings& s = c.scorecard_settings;
    s.deletion = {o.steps != 0 ? o.steps : std::min<std::size_t>(c.scorecard.groups.count, c.images ? 32 : 1000000),
                  o.common.seed};
    s.faithfulness = {o.subsets, 0, o.common.seed};
    s.infidelity = {o.perturbations, o.noise, o.common.seed};
    s.prediction_gap = {0, o.perturbations, o.noise, o.common.seed};
    s.stability = {o.stability_perturbations, o.radius, 1e-6, o.common.seed};
    s.stability_rows = o.stability_rows;
}

// The settings named in the outputs' headers.
std::vector<std::pair<std::string, std::string>> compare_notes(const CompareOptions& o, const CompareSetup& c,
                                                               const std::string& baseline, std::size_t patch) {
    const ScorecardSettings& s = c.scorecard_settings;
    std::vector<std::pair<std::string, std::string>> notes = {
        {"checkpoint", o.explain.checkpoint},
        {"rows", std::to_string(c.inputs.shape()[0]) + " of " + std::to_string(c.rows_available) +
                     " (drawn with seed " + std::to_string(o.common.seed) + ")"},
        {"explained output", o.model_output + " of the predicted class (every method and metric)"},
        {"baseline", baseline + (c.images ? ", patches of " + std::to_string(patch) + " px" : "")},
        {"groups moved by deletion/insertion, faithfulness correlation, PGI/PGU",
         std::to_string(c.scorecard.groups.count)},
        {"deletion/insertion steps", std::to_string(s.deletion.steps)},
        {"perturbations (infidelity, PGI/PGU; noise sd)",
         std::to_string(o.perturbations) + " (" + short_number(o.noise) + ")"},
        {"faithfulness-correlation subsets", std::to_string(o.subsets)},
        {"stability (max-sensitivity, RIS)",
         std::to_string(o.stability_perturbations) + " draws in an L-inf ball of radius " + short_number(o.radius) +
             " on the first " + std::to_string(std::min(o.stability_rows, c.inputs.shape()[0])) + " rows"},
        {"randomisation",
         "same architecture, fresh parameters (seed stream 41); AGOP methods use its AGOP on these rows"},
        {"kernelshap budget", o.explain.settings.kernelshap_budget == 0
                                  ? "default (2M + 2048 coalitions)"
                                  : std::to_string(o.explain.settings.kernelshap_budget) + " coalitions"},
        {"DeepSHAP/KernelSHAP background",
         o.explain.background.empty() ? "the baseline (one row)" : o.explain.background},
        {"seed", std::to_string(o.common.seed)}};
    const std::string changed = changed_method_options(o.explain);
    if (!changed.empty()) notes.push_back({"method options", changed});
    return notes;
}

}  // namespace

CompareSetup prepare_compare(const CompareOptions& o) {
    check_compare_options(o);
    CompareSetup c;
    c.source = load_model_source(o.explain.checkpoint, o.source, o.common.force);
    const auto preprocessing = stored_tabular_preprocessing(c.source.metadata, o.explain.checkpoint);
    const Tensor all = all_compare_rows(o, c, preprocessing);
    c.rows_available = all.shape()[0];
    c.inputs = draw_rows(all, o.rows, o.common.seed);
    const Shape sample(c.inputs.shape().begin() + 1, c.inputs.shape().end());
    c.images = sample.size() == 3;
    const ExplainedModel logits = explained_model(*c.source.model);
    c.explained = o.model_output == "probability" ? probability_model(logits) : logits;
    c.targets = predicted_classes(logits, c.inputs);

    const Tensor background_given =
        o.explain.background.empty() ? Tensor::from_shape({0}) : read_npy_tensor(o.explain.background);
    const std::string baseline = set_compare_baseline(o, c, preprocessing, background_given, sample);
    // DeepSHAP's and KernelSHAP's background: --background, else the baseline itself (one row).
    Tensor background = background_given;
    if (background.dimension() < 2) {
        Shape one = sample;
        one.insert(one.begin(), 1);
        background = c.scorecard.baseline.dimension() == sample.size()
                         ? Tensor(xt::reshape_view(c.scorecard.baseline, one))
                         : Tensor(xt::zeros<float>(one));
    }
    const std::size_t patch = o.patch != 0 ? o.patch : (c.images ? std::max<std::size_t>(1, sample[1] / 8) : 1);
    c.scorecard.groups = c.images ? patch_groups(sample, patch)
                         : preprocessing && !o.explain.csv.empty()
                             ? column_groups(preprocessing->feature_groups(), sample[0])
                             : element_groups(sample[0]);
    // LIME's sampling statistics (tables only): the stored ones, else the background's or the rows'.
    const FeatureStatistics statistics =
        c.images        ? FeatureStatistics{Tensor::from_shape({0}), Tensor::from_shape({0})}
        : preprocessing ? FeatureStatistics{Tensor(xt::view(row_of(preprocessing->encoded_mean), 0)),
                                            Tensor(xt::view(row_of(preprocessing->encoded_std), 0))}
                        : feature_statistics(background.shape()[0] > 1 ? background : c.inputs);
    const std::vector<std::size_t> kernelshap_groups =
        preprocessing && !o.explain.csv.empty() ? preprocessing->feature_groups() : std::vector<std::size_t>{};
    c.settings = method_settings(o, c.source.agop, background, statistics, kernelshap_groups);

    add_randomised_twin(o, c, background, statistics, kernelshap_groups);

    const std::vector<std::string> supported = supported_methods(c.source, c.images);
    c.methods = o.methods.empty() ? supported : split_list(o.methods);
    c.metrics = o.metrics.empty() ? scorecard_metrics() : split_list(o.metrics);
    set_scorecard_settings(o, c);
    c.notes = compare_notes(o, c, baseline, patch);
    return c;
}

}  // namespace agop::cli
