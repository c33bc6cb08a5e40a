// The assembly of the image experiment: every table, figure, claim and setting from the
// results of its units (image_experiment.cpp runs them), one function per table group. It reads
// no clock: wall times come from the units, and with options.timings false none is shown.

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"
#include "experiments/image_clevr_section.hpp"
#include "experiments/image_common_rows.hpp"
#include "experiments/image_experiment.hpp"
#include "experiments/image_xai_tris_tables.hpp"

namespace agop {

namespace {

// The message on the AGOP hook's cost during the XAI-TRIS trainings.
std::string hook_overhead_message(const ReproduceOptions& options, std::size_t every_k_batches, double hook_s,
                                  double train_s) {
    const std::string hook = "XAI-TRIS AGOP hook (every " + std::to_string(every_k_batches) + "th batch): ";
    if (!options.timings) return hook + "overhead " + not_measured_text;
    const double overhead = hook_s / std::max(train_s - hook_s, 1e-9);
    return hook + std::to_string(static_cast<int>(std::lround(100 * overhead))) +
           "% overhead over training without it (" + std::to_string(hook_s) + " s of " + std::to_string(train_s) +
           " s)";
}

// The XAI-TRIS stage seconds (added over every run) and the hook's overhead message.
void add_xai_tris_timings(ExperimentResult& result, const XaiTrisResults& results, const ReproduceOptions& options,
                          const ImageExperimentSizes& sizes) {
    double train_s = 0, hook_s = 0, explain_s = 0, metric_s = 0;
    for (const auto& seed_runs : results.runs)
        for (const auto& run : seed_runs) {
            train_s += run.train_seconds;
            hook_s += run.hook_seconds;
            explain_s += run.explain_seconds;
            metric_s += run.metric_seconds;
        }
    result.seconds["xai_tris.training (hook included)"] = train_s;
    result.seconds["xai_tris.agop_hook"] = hook_s;
    result.seconds["xai_tris.explaining"] = explain_s;
    result.seconds["xai_tris.metrics"] = metric_s;
    result.messages.push_back(hook_overhead_message(options, sizes.xai_tris.every_k_batches, hook_s, train_s));
}

// The CLEVR unit's result (run_clevr false: none); throws agop::Error when it is missing or of
// the other kind (stand-in for release or back).
const ImageUnitResult* clevr_unit(const std::map<std::string, ImageUnitResult>& units,
                                  const ReproduceOptions& options, const ImageExperimentSizes& sizes) {
    if (!sizes.run_clevr) return nullptr;
    const std::string id = clevr_unit_id(options);
    const auto it = units.find(id);
    if (it == units.end()) throw Error("images: the result of unit " + id + " is missing");
    const bool release = !options.clevr_xai_dir.empty();
    if (!it->second.clevr || it->second.clevr_xai_task.has_value() != release)
        throw Error("images: the result given for unit " + id + " is not that CLEVR run");
    return &it->second;
}

// The CLEVR-XAI section: the real release when --clevr-xai names it, else the procedural stand-in.
void add_clevr_section(ExperimentResult& result, const ImageUnitResult& clevr, const ImageExperimentSizes& sizes,
                       XaiTrisFindings& findings) {
    const ClevrNaming naming =
        clevr.clevr_xai_task ? clevr_xai_naming(*clevr.clevr_xai_task, sizes.clevr) : clevr_style_naming(sizes.clevr);
    ClevrSection section = clevr_section(*clevr.clevr, naming, sizes.clevr);
    if (clevr.clevr_xai_task) section.seconds[naming.key + ".reading"] = clevr.reading_seconds;
    section.seconds[naming.key] = clevr.seconds;
    add_quick_note(section.table, sizes.quick);
    result.tables.push_back(std::move(section.table));
    if (section.grid) result.heatmaps.push_back(std::move(*section.grid));
    result.seconds.insert(section.seconds.begin(), section.seconds.end());
    result.configuration.insert(section.configuration.begin(), section.configuration.end());
    result.messages.insert(result.messages.end(), section.messages.begin(), section.messages.end());
    findings.claims.clevr_style_miou = section.miou;
    findings.claims.clevr_name = clevr.clevr_xai_task ? kClevrXaiName : kClevrStyleName;
    for (const auto& [method, hits] : section.pointing_game) findings.pointing_game["clevr-xai"][method] = hits;
    findings.pointing_accuracy["clevr-xai"] = setting_accuracy({clevr.clevr->test_accuracy}, 1.0 / 3.0);
}

// The paper's claims, and the published pointing-game figures beside ours.
void add_claims(ExperimentResult& result, const XaiTrisFindings& findings, bool clevr_is_stand_in, bool quick) {
    result.claims = image_claims(findings.claims);
    if (findings.pointing_game.empty()) return;
    PointingGameComparison published =
        compare_pointing_game(findings.pointing_game, findings.pointing_accuracy, clevr_is_stand_in, quick);
    add_quick_note(published.table, quick);
    result.tables.push_back(std::move(published.table));
    result.claims.push_back(std::move(published.claim));
}

// "lin/white 87, 120, ...; lin/correlated ...": each model's kept (best-validation) epoch.
std::string best_epochs(const XaiTrisResults& results) {
    std::string out;
    for (std::size_t c = 0; c < results.settings.size(); ++c) {
        out += (c == 0 ? "" : "; ") + setting_name(results.settings[c]);
        for (std::size_t r = 0; r < results.runs.size(); ++r)
            out += (r == 0 ? " " : ", ") + std::to_string(results.runs[r][c].best_epoch);
    }
    return out;
}

// Which test rows are scored (--scored-rows).
std::string scored_rows_setting(const ImageExperimentSizes& sizes) {
    const std::size_t cap = sizes.xai_tris.max_explained;
    const std::string first = cap == 0 ? "" : "the first " + std::to_string(cap) + " of ";
    if (sizes.all_seeds_rows)
        return "all-seeds: " + first +
               "the test rows every seed's model classifies correctly, the seeds of a setting sharing repetition 0's "
               "data set (the nearest to the original's rows that all its models classify correctly; AGOP-Global per "
               "epoch and the heat maps use each model's own correct rows)";
    return "cnn (default): " + first +
           "the test rows the explained model classifies correctly, per model (each model's explanations are scored "
           "where that model is right; the rows do not depend on other models, and every seed keeps its own data)";
}

void add_xai_tris_configuration(ExperimentResult& result, const XaiTrisResults& results,
                                const ImageExperimentSizes& sizes) {
    const XaiTrisRunSizes& x = sizes.xai_tris;
    auto& c = result.configuration;
    c["xai_tris.samples"] = std::to_string(x.n_samples) + " per scenario/background, split 80/10/10";
    c["xai_tris.alpha"] = "reference table of data_config_8by8.json (xai_tris_config)";
    c["xai_tris.model"] =
        x.double_softmax ? "CNN8by8 ending in a softmax, cross-entropy on its probabilities (the original's double "
                           "softmax, --xai-tris-double-softmax)"
                         : "CNN8by8 returning logits, cross-entropy on logits (documented choice, Part A; the "
                           "original applies it to softmax outputs: --xai-tris-double-softmax)";
    c["xai_tris.training"] = "Adam lr " + std::to_string(x.learning_rate) + ", batch " + std::to_string(x.batch_size) +
                             ", " + std::to_string(x.epochs) +
                             " epochs, best-validation-loss checkpoint (the original: 500 epochs; Part A: Adam 5e-4, "
                             "batch 512, 100 epochs)";
    c["xai_tris.best_epoch"] = "each model's kept epoch, by setting over seeds: " + best_epochs(results);
    c["xai_tris.scored_rows"] = scored_rows_setting(sizes);
    c["xai_tris.model_output"] = x.explain_probabilities
                                     ? "probabilities: every method explains the target's softmax probability (the "
                                       "original's model output)"
                                     : "logits: every method explains the target's logit (Part A; the original "
                                       "explains softmax outputs: --model-output probabilities)";
    c["agop.xai_tris"] = agop_estimate_name(x.agop_estimate, x.every_k_batches) +
                         " (hooks: running mean over the epoch of the kept checkpoint; documented choice)";
    c["agop.xai_tris.estimate_study"] = x.agop_estimate_study ? "true (table agop_estimate)" : "false";
}

void add_configuration(ExperimentResult& result, const XaiTrisResults& results, const ReproduceOptions& options,
                       const ImageExperimentSizes& sizes) {
    auto& c = result.configuration;
    c["quick"] = sizes.quick ? "true (numbers meaningless)" : "false";
    c["seeds (XAI-TRIS)"] = std::to_string(results.runs.size()) + " (repetition r: Rng::stream(seed, r))";
    c["seed"] = std::to_string(options.seed);
    add_xai_tris_configuration(result, results, sizes);
    c["agop"] = "diagonal, all outputs, logits (documented choice, Part A)";
    c["methods"] = "agop-weighted, agop-local, agop-global, integrated-gradients (zero baseline, 50 steps, " +
                   integration_rule_word(sizes.xai_tris.ig_rule) +
                   " rule as Captum), smoothgrad (50 samples, sigma 0.15 range), gradcam (last conv layer: "
                   "cnn_layers.9 / layer4), vanilla-grad, random (uniform [-1, 1)) — Part A";
    c["targets"] = "true label (as XAI-TRIS; the same as the predicted one on the scored, correctly classified rows)";
    c["metrics"] =
        "on |a| pooled over channels by sum of |a|; mIoU top-|G| binarisation; pointing game ties = hit; "
        "importance precision; EMD score / sqrt(128); relevance mass and rank accuracy (Part A)";
}

}  // namespace

ExperimentResult assemble_image_experiment(const std::map<std::string, ImageUnitResult>& units,
                                           const ReproduceOptions& options, const ImageExperimentSizes& requested_sizes) {
    const ImageExperimentSizes sizes = effective_image_sizes(options, requested_sizes);
    const std::vector<std::string> ids = image_unit_ids(options, sizes);
    for (const auto& [id, _] : units)
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw Error("images: " + id + " is not a unit of this experiment at these settings");
    std::vector<XaiTrisSetting> settings;
    for (auto s : sizes.scenarios)
        for (auto b : sizes.backgrounds) settings.emplace_back(s, b);
    XaiTrisResults results = xai_tris_results(units, xai_tris_seeds(options, sizes), settings);
    if (sizes.all_seeds_rows) restrict_to_common_rows(results, sizes.xai_tris.max_explained);
    const ImageUnitResult* clevr = clevr_unit(units, options, sizes);

    ExperimentResult result;
    result.name = "images";
    add_xai_tris_timings(result, results, options, sizes);
    XaiTrisFindings findings;
    findings.claims.quick = sizes.quick;
    add_localisation_tables(result, results, sizes, findings);
    if (sizes.xai_tris.agop_estimate_study) result.tables.push_back(agop_estimate_table(results, sizes, options));
    add_epoch_tables(result, results, sizes, findings);
    add_sanity_table(result, results, sizes);
    if (clevr) add_clevr_section(result, *clevr, sizes, findings);
    add_claims(result, findings, options.clevr_xai_dir.empty(), sizes.quick);
    add_configuration(result, results, options, sizes);
    if (sizes.quick) result.messages.push_back(quick_note());
    double total_s = 0;
    for (const auto& [_, unit] : units) total_s += unit.seconds;
    result.seconds["total"] = total_s;  // the units' wall times added up (one process or several)
    return result;
}

}  // namespace agop
