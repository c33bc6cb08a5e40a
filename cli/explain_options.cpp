#include "cli/explain_options.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "attribution/integrated_gradients.hpp"
#include "autodiff/error.hpp"
#include "cli/option_checks.hpp"

namespace agop::cli {

namespace {

using R = OptionRange;
R whole(double low, double high) { return {R::whole, low, high, false, {}}; }
R real(double low, double high, bool low_open = false) { return {R::real, low, high, low_open, {}}; }
R choice(std::vector<std::string> choices) { return {R::choice, 0, 0, false, std::move(choices)}; }
const R file{R::file, 0, 0, false, {}};
const R any{};

// A field of the options, for the table's rows.
#define FIELD(path) [](ExplainOptions& o) -> OptionField { return &o.path; }

std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string range_text(const OptionRange& range) {
    if (range.kind == R::whole)
        return "a whole number from " + number_text(range.low) + " to " + number_text(range.high);
    if (range.kind == R::real) return finite_range_text(range.low, range.high, range.low_open);
    std::string text;
    for (std::size_t i = 0; i < range.choices.size(); ++i)
        text += (i == 0 ? "" : i + 1 == range.choices.size() ? " or " : ", ") + range.choices[i];
    return text;
}

// The value's text, when it lies outside `range`; nullopt inside.
template <class T>
std::optional<std::string> outside(const OptionRange& range, const T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
        const auto& c = range.choices;
        if (range.kind == R::choice && std::find(c.begin(), c.end(), value) == c.end()) return value;
    } else if constexpr (std::is_same_v<T, std::size_t>) {
        if (range.kind == R::whole &&
            (static_cast<double>(value) < range.low || static_cast<double>(value) > range.high))
            return std::to_string(value);
    } else if constexpr (std::is_same_v<T, double>) {
        const bool below = range.low_open ? !(value > range.low) : value < range.low;
        if (range.kind == R::real && (!std::isfinite(value) || below || value > range.high)) return number_text(value);
    }
    return std::nullopt;
}

}  // namespace

const std::vector<ExplainOption>& explain_option_table() {
    // One row per option: {flag, part.json key, field, range, help (nullptr: added with its group),
    // name in the explanation file's settings, the methods that read it}.
    // clang-format off
    static const std::vector<ExplainOption> table{
        {"--checkpoint", "checkpoint", FIELD(checkpoint), file, "model.safetensors written by agop train, or a PyTorch state dict", nullptr, {}},
        {"--method", "method", FIELD(settings.method), any, "Method name (see --list)", nullptr, {}},
        {"--inputs", "inputs", FIELD(inputs), any, "Inputs to explain, (N, ...) float .npy, or a folder of PNG files", nullptr, {}},
        {"--csv", "csv", FIELD(csv), file, "Raw rows to explain, a CSV with the training file's columns (tabular checkpoints)", nullptr, {}},
        {"--unseen-category", "unseen_category", FIELD(settings.unseen_category), choice({"error", "zeros", "most-frequent"}), "A category not seen in training: error | zeros (all-zero one-hot group) | most-frequent (the training's most frequent category)", nullptr, {}},
        {"--per-column", "per_column", FIELD(per_column), any, "With --csv: also one column per encoded column (feature=category)", nullptr, {}},
        {"--figures", "figures", FIELD(figures), any, "With --csv: PNG and SVG figures of the explanation", nullptr, {}},
        {"--figure-rows", "figure_rows", FIELD(figure_rows), whole(0, 1000000), "With --figures: per-row figures for the first N rows", nullptr, {}},
        {"--figure-sample", "figure_sample", FIELD(figure_sample), whole(1, 10000000), "With --figures: the scatter draws at most N rows, a random sample (seeded by --seed) beyond", nullptr, {}},
        {"--model-output", "model_output", FIELD(settings.model_output), choice({"auto", "logit", "probability"}), "Output explained: auto (probability for lime and kernelshap, logit otherwise) | logit | probability", nullptr, {}},
        {"--targets", "targets", FIELD(targets), file, "Class per sample, (N) integer .npy (default: the predicted class)", nullptr, {}},
        {"--background", "background", FIELD(background), file, "Training rows for deepshap, kernelshap and lime (.npy)", nullptr, {}},
        {"--ig-steps", "ig_steps", FIELD(settings.ig_steps), whole(2, 100000), "Integrated Gradients steps", "steps", {"integrated-gradients"}},
        {"--ig-rule", "ig_rule", FIELD(settings.ig_rule), choice(integration_rule_words()), "Integrated Gradients quadrature, as Captum names them: gauss-legendre (default) | trapezoid | riemann-left | riemann-right | riemann-middle", "rule", {"integrated-gradients"}},
        {"--ig-baseline", "ig_baseline", FIELD(settings.ig_baseline), choice({"zeros", "training-mean"}), "Integrated Gradients baseline: zeros | training-mean", "baseline", {"integrated-gradients"}},
        {"--smoothgrad-samples", "smoothgrad_samples", FIELD(settings.smoothgrad_samples), whole(1, 100000), "SmoothGrad noisy copies", "samples", {"smoothgrad"}},
        {"--smoothgrad-noise", "smoothgrad_noise", FIELD(settings.smoothgrad_noise), real(0, 100), "SmoothGrad sigma as a fraction of each sample's range", "noise_level", {"smoothgrad"}},
        {"--lime-samples", "lime_samples", FIELD(settings.lime_samples), whole(2, 1000000), "LIME perturbations per sample", "samples", {"lime"}},
        {"--lime-kernel-width", "lime_kernel_width", FIELD(settings.lime_kernel_width), real(0, 1e6), "LIME kernel width (0: 0.75 sqrt(d))", "kernel_width", {"lime"}},
        {"--kernelshap-budget", "kernelshap_budget", FIELD(settings.kernelshap_budget), whole(0, 10000000), "KernelSHAP coalitions per sample (0: 2M + 2048)", "budget", {"kernelshap"}},
        {"--occlusion-patch", "occlusion_patch", FIELD(settings.occlusion_patch), whole(1, 4096), "Occlusion patch side (images)", "patch", {"occlusion"}},
        {"--agop-rank", "agop_rank", FIELD(settings.agop_rank), whole(0, 1000000), "AGOP-IxG: fixed K (0: smallest K holding --agop-energy of the trace)", "agop_rank", {"agop-ixg", "agop-filtered-grad"}},
        {"--agop-energy", "agop_energy", FIELD(settings.agop_energy), real(0, 1, true), "AGOP-IxG: share of trace(M) the top-K eigenvalues hold", "agop_energy", {"agop-ixg", "agop-filtered-grad"}},
        {"--gradcam-layer", "gradcam_layer", FIELD(settings.gradcam_layer), any, "Grad-CAM layer (default: the model's last conv layer)", nullptr, {}},
        {"--seed", "seed", FIELD(common.seed), any, nullptr, nullptr, {}},
        {"--backend", "backend", FIELD(common.backend), any, nullptr, nullptr, {}},
        {"--arch", "arch", FIELD(source.arch), any, nullptr, nullptr, {}},
        {"--input-shape", "input_shape", FIELD(source.input_shape), any, nullptr, nullptr, {}},
        {"--agop-data", "agop_data", FIELD(source.agop_data), any, nullptr, nullptr, {}},
        {"--image-mean", "image_mean", FIELD(source.image_mean), any, nullptr, nullptr, {}},
        {"--image-std", "image_std", FIELD(source.image_std), any, nullptr, nullptr, {}},
        {"--no-resize", "no_resize", FIELD(images.no_resize), any, nullptr, nullptr, {}},
        {"--overlays", "overlays", FIELD(images.overlays), any, nullptr, nullptr, {}},
    };
    // clang-format on
    return table;
}

#undef FIELD

void add_explain_table_options(CLI::App* command, ExplainOptions& o) {
    for (const ExplainOption& option : explain_option_table()) {
        if (!option.help) continue;
        std::visit(
            [&](auto* value) {
                using T = std::remove_pointer_t<decltype(value)>;
                if constexpr (std::is_same_v<T, bool>) {
                    command->add_flag(option.flag, *value, option.help);
                } else {
                    CLI::Option* added = command->add_option(option.flag, *value, option.help);
                    const OptionRange& r = option.range;
                    if (r.kind == R::file) added->check(existing_file());
                    if (r.kind == R::whole)
                        added->check(
                            whole_number(static_cast<std::uint64_t>(r.low), static_cast<std::uint64_t>(r.high)));
                    if (r.kind == R::real) added->check(finite_number(r.low, r.high, r.low_open));
                    bool shown_default = r.kind != R::file;
                    if constexpr (std::is_same_v<T, std::string>) shown_default = shown_default && !value->empty();
                    if (shown_default) added->capture_default_str();
                }
            },
            option.field(o));
    }
}

void check_explain_options(const ExplainOptions& options, const std::string& source) {
    ExplainOptions o = options;
    for (const ExplainOption& option : explain_option_table()) {
        const auto bad = std::visit([&](auto* value) { return outside(option.range, *value); }, option.field(o));
        if (!bad) continue;
        if (source.empty())
            throw Error(std::string(option.flag) + " " + *bad + ": expected " + range_text(option.range));
        throw Error(source + ": option " + option.key + " is " + *bad + "; expected " + range_text(option.range));
    }
}

std::vector<std::pair<std::string, SettingValue>> recorded_settings(const ExplainOptions& options,
                                                                    const std::string& model_output) {
    ExplainOptions o = options;
    const std::string& method = o.settings.method;
    std::vector<std::pair<std::string, SettingValue>> s{{"model_output", model_output}, {"seed", o.common.seed}};
    for (const ExplainOption& option : explain_option_table()) {
        const auto& m = option.methods;
        if (!option.record || std::find(m.begin(), m.end(), method) == m.end()) continue;
        std::visit(
            [&](auto* value) {
                if constexpr (!std::is_same_v<std::remove_pointer_t<decltype(value)>, bool>)
                    s.push_back({option.record, SettingValue(*value)});
            },
            option.field(o));
    }
    if (method == "kernelshap")
        s.push_back({"players", std::string(o.csv.empty() ? "encoded columns" : "original features")});
    if (!o.background.empty()) s.push_back({"background", o.background});
    return s;
}

}  // namespace agop::cli
