// The assembly of the image experiment: every table, figure, claim and setting from the
// results of its units (image_experiment.cpp runs them). It reads no clock: wall times come
// from the units, and with options.timings false none is shown.

#include "experiments/image_experiment.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "autodiff/error.hpp"
#include "data/clevr_style_scenes.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/image_claims.hpp"
#include "experiments/image_clevr_xai.hpp"
#include "experiments/published_pointing_game.hpp"

namespace agop {

namespace {

std::string config_name(XaiTrisScenario s, XaiTrisBackground b) {
    return xai_tris_scenario_name(s) + "/" + xai_tris_background_name(b);
}

// Mean and 95% interval over seeds; a single seed gives the number alone (no interval).
Cell over_seeds(const std::vector<double>& values) {
    if (values.size() == 1) return Cell::of_number(values[0]);
    const MeanInterval m = mean_and_interval(values);
    return Cell::of_interval(m.mean, m.half_width);
}

// Mean and 95% interval over the samples behind `s` (one value: the number alone).
Cell over_samples(const SampleMean& s) {
    if (s.per_sample.size() < 2) return Cell::of_number(s.mean);
    const MeanInterval m = mean_and_interval(s.per_sample);
    return Cell::of_interval(m.mean, m.half_width);
}

using ScoreOf = std::function<const SampleMean&(const LocalisationScores&)>;

const std::vector<std::pair<std::string, ScoreOf>>& xai_tris_metrics() {
    static const std::vector<std::pair<std::string, ScoreOf>> metrics = {
        {"mIoU", [](const LocalisationScores& s) -> const SampleMean& { return s.miou; }},
        {"pointing game", [](const LocalisationScores& s) -> const SampleMean& { return s.pointing_game; }},
        {"importance precision", [](const LocalisationScores& s) -> const SampleMean& { return s.precision; }},
        {"EMD score", [](const LocalisationScores& s) -> const SampleMean& { return s.emd; }},
        {"relevance mass accuracy", [](const LocalisationScores& s) -> const SampleMean& { return s.mass_accuracy; }},
        {"relevance rank accuracy", [](const LocalisationScores& s) -> const SampleMean& { return s.rank_accuracy; }},
    };
    return metrics;
}

// runs[seed][config] -> the per-seed values of `value` for one config.
template <class Value>
std::vector<double> per_seed(const std::vector<std::vector<XaiTrisRun>>& runs, std::size_t config, Value value) {
    std::vector<double> out;
    for (const auto& seed_runs : runs)
        if (seed_runs[config].explained > 0) out.push_back(value(seed_runs[config]));
    return out;
}

std::string quick_note(bool quick) {
    return quick ? "QUICK RUN: sizes shrunk to exercise the code path; the numbers mean nothing." : "";
}

void add_common_notes(Table& t, bool quick) {
    if (quick) t.notes.push_back(quick_note(true));
}


// over_seeds for a wall time: "not measured" when options.timings is false.
Cell seconds_over_seeds(const ReproduceOptions& options, const std::vector<double>& values) {
    if (values.size() == 1) return timing_cell(options, values[0], std::nan(""), 3);
    const MeanInterval m = mean_and_interval(values);
    return timing_cell(options, m.mean, m.half_width, 3);
}

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

// The XAI-TRIS results by seed and scenario/background, runs[r][config], from the units; throws
// agop::Error naming a unit that is missing or not an XAI-TRIS result of its configuration.
std::vector<std::vector<XaiTrisRun>> xai_tris_runs(
    const std::map<std::string, ImageUnitResult>& units, std::size_t seeds,
    const std::vector<std::pair<XaiTrisScenario, XaiTrisBackground>>& configs) {
    std::vector<std::vector<XaiTrisRun>> runs(seeds);
    for (std::size_t r = 0; r < seeds; ++r)
        for (const auto& [scenario, background] : configs) {
            const std::string id = xai_tris_unit_id(scenario, background, r);
            const auto it = units.find(id);
            if (it == units.end()) throw Error("images: the result of unit " + id + " is missing");
            const auto& run = it->second.xai_tris;
            if (!run || run->scenario != scenario || run->background != background)
                throw Error("images: the result given for unit " + id + " is not that XAI-TRIS run");
            runs[r].push_back(*run);
        }
    return runs;
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

Cell whole_number(Cell cell) {
    cell.decimals = 0;
    return cell;
}

// The AGOP-estimate study: per scenario/background and estimate, the rows behind diag(M), its
// cost, and AGOP-Weighted / AGOP-Global localisation, over seeds (paired: the same models).
Table agop_estimate_table(const std::vector<std::vector<XaiTrisRun>>& runs,
                          const std::vector<std::pair<XaiTrisScenario, XaiTrisBackground>>& configs,
                          const ImageExperimentSizes& sizes, const ReproduceOptions& options) {
    Table t;
    t.id = "agop_estimate";
    t.title = "How much data diag(M) sees: each estimate on the same trained CNN8by8 models (XAI-TRIS)";
    t.columns = {"scenario",          "background",          "estimate",           "rows behind diag(M)",
                 "seconds",           "AGOP-Weighted mIoU",  "AGOP-Weighted pointing game",
                 "AGOP-Global mIoU",  "AGOP-Global pointing game", "Spearman(epoch, AGOP-Global mIoU)"};
    for (std::size_t c = 0; c < configs.size(); ++c) {
        if (per_seed(runs, c, [](const XaiTrisRun& r) { return double(r.explained); }).empty()) continue;
        const std::size_t estimates = runs[0][c].estimate_study.size();
        for (std::size_t e = 0; e < estimates; ++e) {
            auto value = [&](auto of) { return per_seed(runs, c, [&](const XaiTrisRun& r) { return of(r.estimate_study.at(e)); }); };
            const AgopEstimateScores& first = runs[0][c].estimate_study[e];
            std::vector<Cell> row = {
                Cell::of_text(xai_tris_scenario_name(configs[c].first)),
                Cell::of_text(xai_tris_background_name(configs[c].second)),
                Cell::of_text(agop_estimate_name(first.estimate, sizes.xai_tris.every_k_batches)),
                whole_number(over_seeds(value([](const AgopEstimateScores& s) { return double(s.rows); }))),
                seconds_over_seeds(options, value([](const AgopEstimateScores& s) { return s.seconds; })),
                over_seeds(value([](const AgopEstimateScores& s) { return s.weighted.miou.mean; })),
                over_seeds(value([](const AgopEstimateScores& s) { return s.weighted.pointing_game.mean; })),
                over_seeds(value([](const AgopEstimateScores& s) { return s.global.miou.mean; })),
                over_seeds(value([](const AgopEstimateScores& s) { return s.global.pointing_game.mean; }))};
            if (first.epochs.size() >= 2) {
                row.push_back(over_seeds(value([](const AgopEstimateScores& s) {
                    std::vector<EpochQuality> epochs = s.epochs;
                    return epoch_trend(epochs).spearman_miou;
                })));
            } else {
                row.push_back(Cell::of_text("no per-epoch snapshots"));
            }
            t.add_row(row);
        }
    }
    t.notes = {"Each estimate is computed for the same trained model of each seed (paired comparison): the hooks "
               "during the same training run, the post-hoc pass after it on the kept (best-validation) weights.",
               "Hooks: running mean over the batches of the epoch whose weights are kept (last_epoch accumulation), "
               "weights changing between batches; post hoc: diag(M) of the kept weights on the whole training set.",
               "seconds: the hook's time over the whole training (it runs in every epoch), or the post-hoc pass.",
               "Mean ± 95% interval over seeds; the estimate the other tables use: " +
                   agop_estimate_name(sizes.xai_tris.agop_estimate, sizes.xai_tris.every_k_batches) + "."};
    add_common_notes(t, sizes.quick);
    return t;
}

}  // namespace

ExperimentResult assemble_image_experiment(const std::map<std::string, ImageUnitResult>& units,
                                           const ReproduceOptions& options, const ImageExperimentSizes& requested_sizes) {
    const ImageExperimentSizes sizes = effective_image_sizes(options, requested_sizes);
    const std::vector<std::string> ids = image_unit_ids(options, sizes);
    for (const auto& [id, _] : units)
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw Error("images: " + id + " is not a unit of this experiment at these settings");
    ExperimentResult result;
    result.name = "images";
    const std::size_t seeds = xai_tris_seeds(options, sizes);
    std::vector<std::pair<XaiTrisScenario, XaiTrisBackground>> configs;
    for (auto s : sizes.scenarios)
        for (auto b : sizes.backgrounds) configs.emplace_back(s, b);

    // 1. XAI-TRIS runs: runs[seed][config].
    std::vector<std::vector<XaiTrisRun>> runs = xai_tris_runs(units, seeds, configs);
    const ImageUnitResult* clevr = clevr_unit(units, options, sizes);
    double total_s = 0;
    for (const auto& [_, unit] : units) total_s += unit.seconds;
    double train_s = 0, hook_s = 0, explain_s = 0, metric_s = 0;
    for (const auto& seed_runs : runs)
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

    const std::string interval_note =
        seeds > 1 ? "Mean ± 95% interval over " + std::to_string(seeds) + " seeds (Student t) of per-seed means."
                  : "A single seed: no interval.";
    ImageClaimInputs claim_inputs;
    claim_inputs.quick = sizes.quick;
    PointingGameValues pointing_game;  // beside the published figures (white background; CLEVR)
    {
        Table t;
        t.id = "xai_tris";
        t.title = "XAI-TRIS 8x8, CNN8by8: localisation of each method on correctly classified test samples";
        t.columns = {"scenario", "background", "method"};
        for (const auto& [name, _] : xai_tris_metrics()) t.columns.push_back(name);
        t.columns.insert(t.columns.end(), {"test accuracy", "explained samples", "rows behind diag(M)"});
        Table headline;
        headline.id = "xai_tris_miou";
        headline.title = "XAI-TRIS mIoU (top-|G| binarisation) by method and scenario/background";
        headline.columns = {"method"};
        for (const auto& [s, b] : configs) headline.columns.push_back(config_name(s, b));
        std::map<std::string, std::vector<Cell>> headline_rows;
        for (std::size_t c = 0; c < configs.size(); ++c) {
            const std::string name = config_name(configs[c].first, configs[c].second);
            const auto accuracy = per_seed(runs, c, [](const XaiTrisRun& r) { return r.test_accuracy; });
            const auto explained = per_seed(runs, c, [](const XaiTrisRun& r) { return double(r.explained); });
            const auto agop_rows = per_seed(runs, c, [](const XaiTrisRun& r) { return double(r.agop_rows); });
            if (accuracy.empty()) {
                result.messages.push_back("XAI-TRIS " + name + ": no test sample classified correctly; not scored");
                continue;
            }
            for (const auto& method : image_methods()) {
                std::vector<Cell> row = {Cell::of_text(xai_tris_scenario_name(configs[c].first)),
                                         Cell::of_text(xai_tris_background_name(configs[c].second)),
                                         Cell::of_text(method)};
                for (const auto& [metric, score_of] : xai_tris_metrics()) {
                    if (metric == "EMD score" && !sizes.xai_tris.with_emd) {
                        row.push_back(Cell::of_text("not computed"));
                        continue;
                    }
                    row.push_back(over_seeds(
                        per_seed(runs, c, [&](const XaiTrisRun& r) { return score_of(r.scores.at(method)).mean; })));
                }
                row.push_back(over_seeds(accuracy));
                row.push_back(Cell::of_number(mean_and_interval(explained).mean, 0));
                row.push_back(Cell::of_number(mean_and_interval(agop_rows).mean, 0));
                t.add_row(row);
                const auto miou = per_seed(runs, c, [&](const XaiTrisRun& r) { return r.scores.at(method).miou.mean; });
                headline_rows[method].push_back(over_seeds(miou));
                claim_inputs.xai_tris_miou[name][method] = mean_and_interval(miou).mean;
                if (configs[c].second == XaiTrisBackground::white)
                    pointing_game[xai_tris_scenario_name(configs[c].first)][method] =
                        per_seed(runs, c, [&](const XaiTrisRun& r) { return r.scores.at(method).pointing_game.mean; });
            }
        }
        t.notes = {interval_note,
                   "Metrics on |a| (channel-pooled: sum of |a|); mIoU binarises the |G| largest pixels (documented "
                   "choice, Part A); EMD score normaliser sqrt(128) as the XAI-TRIS code.",
                   "Ground truth as XAI-TRIS: LIN/MULT/XOR the union of both tetromino positions for every sample, "
                   "RIGID the sample's own tetromino. A global map is favoured where positions are fixed (§2.7).",
                   "AGOP methods use diag(M) estimated by: " +
                       agop_estimate_name(sizes.xai_tris.agop_estimate, sizes.xai_tris.every_k_batches) +
                       " (all outputs, logits; hooks: running mean over the epoch whose weights the best-validation "
                       "checkpoint keeps; post hoc: the kept weights on the whole training set); the rows behind it "
                       "are in the last column.",
                   "random = uniform noise in [-1, 1): the paper's random reference."};
        add_common_notes(t, sizes.quick);
        for (const auto& method : image_methods()) {
            if (headline_rows[method].size() != headline.columns.size() - 1) continue;
            std::vector<Cell> row = {Cell::of_text(method)};
            row.insert(row.end(), headline_rows[method].begin(), headline_rows[method].end());
            headline.add_row(row);
        }
        headline.notes = {interval_note, "Full metrics in table xai_tris."};
        add_common_notes(headline, sizes.quick);
        result.tables.push_back(std::move(t));
        result.tables.push_back(std::move(headline));
        for (auto& run : runs[0])
            if (run.grid) result.heatmaps.push_back(std::move(*run.grid));
    }

    // 1b. How much data the AGOP sees: every estimate of diag(M) on the same trained models.
    if (sizes.xai_tris.agop_estimate_study) result.tables.push_back(agop_estimate_table(runs, configs, sizes, options));

    // 2. diag(M) across training (seed 0).
    {
        Table t;
        t.id = "agop_over_epochs";
        t.title = "diag(M) snapshots across training as the AGOP-Global map (seed 0)";
        t.columns = {"scenario", "background", "epoch", "validation accuracy", "AGOP-Global mIoU",
                     "AGOP-Global importance precision"};
        Table trend_table;
        trend_table.id = "agop_over_epochs_trend";
        trend_table.title = "Does diag(M) keep improving after accuracy plateaus? (seed 0)";
        trend_table.columns = {"scenario",        "background",      "Spearman(epoch, mIoU)", "Spearman(epoch, precision)",
                               "plateau epoch",   "mIoU at plateau", "mIoU at last epoch"};
        LineChart miou_chart{"agop_over_epochs.png", "AGOP-Global (diag(M) snapshot) mIoU per epoch, XAI-TRIS",
                             "epoch", "mIoU", {}};
        LineChart accuracy_chart{"agop_over_epochs_accuracy.png", "CNN8by8 validation accuracy per epoch, XAI-TRIS",
                                 "epoch", "validation accuracy", {}};
        for (const auto& run : runs[0]) {
            if (run.epochs.empty()) continue;
            const std::string scenario = xai_tris_scenario_name(run.scenario),
                              background = xai_tris_background_name(run.background);
            const std::size_t stride = (run.epochs.size() + 19) / 20;
            Series miou{scenario + "/" + background, {}, {}}, accuracy = miou;
            for (std::size_t e = 0; e < run.epochs.size(); ++e) {
                const auto& q = run.epochs[e];
                miou.x.push_back(q.epoch);
                miou.y.push_back(q.global_miou);
                accuracy.x.push_back(q.epoch);
                accuracy.y.push_back(q.validation_accuracy);
                if (e % stride == 0 || e + 1 == run.epochs.size())
                    t.add_row({Cell::of_text(scenario), Cell::of_text(background), Cell::of_number(q.epoch, 0),
                               Cell::of_number(q.validation_accuracy), Cell::of_number(q.global_miou),
                               Cell::of_number(q.global_precision)});
            }
            miou_chart.series.push_back(std::move(miou));
            accuracy_chart.series.push_back(std::move(accuracy));
            if (run.epochs.size() < 2) continue;
            const EpochTrend trend = epoch_trend(run.epochs);
            claim_inputs.trends.push_back(trend);
            trend_table.add_row({Cell::of_text(scenario), Cell::of_text(background),
                                 Cell::of_number(trend.spearman_miou), Cell::of_number(trend.spearman_precision),
                                 Cell::of_number(trend.plateau_epoch, 0), Cell::of_number(trend.miou_at_plateau),
                                 Cell::of_number(trend.miou_at_end)});
        }
        t.notes = {"Each epoch's hook snapshot (running mean over that epoch's hooked batches) used as the map for "
                   "every scored test sample; validation accuracy of that epoch's weights.",
                   "Rows every " + std::string("ceil(epochs/20)") + " epochs and the last; the charts hold every epoch."};
        trend_table.notes = {"Plateau: the first epoch whose validation accuracy is within 0.01 of the run's best."};
        add_common_notes(t, sizes.quick);
        add_common_notes(trend_table, sizes.quick);
        result.tables.push_back(std::move(t));
        result.tables.push_back(std::move(trend_table));
        result.charts.push_back(std::move(miou_chart));
        result.charts.push_back(std::move(accuracy_chart));
    }

    // 5. Model-randomisation sanity check.
    for (const auto& run : runs[0]) {
        if (!run.randomisation) continue;
        Table t;
        t.id = "image_sanity";
        t.title = "Model-randomisation check, XAI-TRIS " + config_name(run.scenario, run.background) +
                  ": Spearman of |a| between the trained and a re-initialised CNN8by8";
        t.columns = {"method", "Spearman(trained, re-initialised)"};
        for (const auto& method : image_methods())
            t.add_row({Cell::of_text(method), over_samples(run.randomisation->at(method))});
        t.notes = {"Mean ± 95% interval over the scored test samples (seed 0). Near 0: the map depends on the "
                   "weights (passes); near 1: it does not (random is model-independent by design).",
                   "AGOP-Global/-Weighted of the re-initialised model use its own post-hoc diag(M) on the training set."};
        add_common_notes(t, sizes.quick);
        result.tables.push_back(std::move(t));
    }

    // 3. CLEVR-XAI: the real release when --clevr-xai names it, else the procedural stand-in.
    const bool clevr_is_stand_in = options.clevr_xai_dir.empty();
    if (clevr && clevr->clevr_xai_task) {
        ClevrXaiSection real = clevr_xai_section(*clevr->clevr, *clevr->clevr_xai_task, sizes.clevr);
        real.seconds["clevr_xai.reading"] = clevr->reading_seconds;
        real.seconds["clevr_xai"] = clevr->seconds;
        add_common_notes(real.table, sizes.quick);
        result.tables.push_back(std::move(real.table));
        if (real.grid) result.heatmaps.push_back(std::move(*real.grid));
        result.seconds.insert(real.seconds.begin(), real.seconds.end());
        result.configuration.insert(real.configuration.begin(), real.configuration.end());
        result.messages.insert(result.messages.end(), real.messages.begin(), real.messages.end());
        claim_inputs.clevr_style_miou = real.miou;
        claim_inputs.clevr_name = kClevrXaiName;
        for (const auto& [method, hits] : real.pointing_game) pointing_game["clevr-xai"][method] = hits;
    } else if (clevr) {
        const ClevrStyleRun& run = *clevr->clevr;
        result.seconds["clevr_style.pretraining"] = run.pretrain_seconds;
        result.seconds["clevr_style.fine-tuning (hook included)"] = run.finetune_seconds;
        result.seconds["clevr_style.agop_hook"] = run.hook_seconds;
        result.seconds["clevr_style.explaining"] = run.explain_seconds;
        result.seconds["clevr_style.metrics"] = run.metric_seconds;
        result.seconds["clevr_style"] = clevr->seconds;
        Table t;
        t.id = "clevr_style";
        t.title = std::string(kClevrStyleName) + ", ResNet-18: localisation of the unique red object";
        t.columns = {"method", "mIoU", "pointing game", "relevance mass accuracy", "relevance rank accuracy"};
        std::map<std::string, double> miou;
        if (run.explained > 0) {
            for (const auto& method : image_methods()) {
                const auto& s = run.scores.at(method);
                t.add_row({Cell::of_text(method), over_samples(s.miou), over_samples(s.pointing_game),
                           over_samples(s.mass_accuracy), over_samples(s.rank_accuracy)});
                miou[method] = s.miou.mean;
                pointing_game["clevr-xai"][method] = s.pointing_game.per_sample;
            }
            claim_inputs.clevr_style_miou = miou;
        } else {
            result.messages.push_back("CLEVR-style stand-in: no test scene classified correctly; not scored");
        }
        t.notes = {"PROCEDURAL STAND-IN for CLEVR-XAI (not the real data set, which cannot be downloaded here).",
                   "One seed; mean ± 95% interval over the " + std::to_string(run.explained) +
                       " scored (correctly classified) test scenes.",
                   "ResNet-18 pretrained on the pretext task (shape of the largest object, separate scenes) in place "
                   "of ImageNet, then fine-tuned; test accuracy " + std::to_string(run.test_accuracy) +
                       ", pretext validation accuracy " + std::to_string(run.pretext_validation_accuracy) + ".",
                   "diag(M) (3, S, S) from the AGOP hook during fine-tuning (last-epoch running mean, every " +
                       std::to_string(sizes.clevr.every_k_batches) + "th batch: " + std::to_string(run.agop_rows) +
                       " rows behind diag(M)), final weights; Grad-CAM on layer4; "
                       "|a| summed over RGB."};
        add_common_notes(t, sizes.quick);
        result.tables.push_back(std::move(t));
        if (run.grid) result.heatmaps.push_back(*run.grid);
    }

    // 4. Claims, and the published pointing-game figures beside ours.
    result.claims = image_claims(claim_inputs);
    if (!pointing_game.empty()) {
        PointingGameComparison published = compare_pointing_game(pointing_game, clevr_is_stand_in, sizes.quick);
        add_common_notes(published.table, sizes.quick);
        result.tables.push_back(std::move(published.table));
        result.claims.push_back(std::move(published.claim));
    }

    // 6. Configuration.
    auto& c = result.configuration;
    c["quick"] = sizes.quick ? "true (numbers meaningless)" : "false";
    c["seeds (XAI-TRIS)"] = std::to_string(seeds) + " (repetition r: Rng::stream(seed, r))";
    c["seed"] = std::to_string(options.seed);
    c["xai_tris.samples"] = std::to_string(sizes.xai_tris.n_samples) + " per scenario/background, split 80/10/10";
    c["xai_tris.alpha"] = "reference table of data_config_8by8.json (xai_tris_config)";
    c["xai_tris.model"] = "CNN8by8 returning logits, cross-entropy on logits (documented choice, Part A)";
    c["xai_tris.training"] = "Adam lr " + std::to_string(sizes.xai_tris.learning_rate) + ", batch " +
                             std::to_string(sizes.xai_tris.batch_size) + ", " + std::to_string(sizes.xai_tris.epochs) +
                             " epochs, best-validation-loss checkpoint (Part A: Adam 5e-4, batch 512, 100 epochs)";
    c["xai_tris.explained"] = sizes.xai_tris.max_explained == 0
                                  ? "all correctly classified test samples (per model)"
                                  : "the first " + std::to_string(sizes.xai_tris.max_explained) +
                                        " correctly classified test samples (per model)";
    c["agop"] = "diagonal, all outputs, logits (documented choice, Part A)";
    c["agop.xai_tris"] = agop_estimate_name(sizes.xai_tris.agop_estimate, sizes.xai_tris.every_k_batches) +
                         " (hooks: running mean over the epoch of the kept checkpoint; documented choice)";
    c["agop.xai_tris.estimate_study"] = sizes.xai_tris.agop_estimate_study ? "true (table agop_estimate)" : "false";
    c["methods"] = "agop-weighted, agop-local, agop-global, integrated-gradients (zero baseline, 50 steps, "
                   "trapezoid), smoothgrad (50 samples, sigma 0.15 range), gradcam (last conv layer: cnn_layers.9 / "
                   "layer4), vanilla-grad, random (uniform [-1, 1)) — Part A";
    c["targets"] = "true label (as XAI-TRIS)";
    c["metrics"] = "on |a| pooled over channels by sum of |a|; mIoU top-|G| binarisation; pointing game ties = hit; "
                   "importance precision; EMD score / sqrt(128); relevance mass and rank accuracy (Part A)";
    if (clevr_is_stand_in) {
        c["clevr_style.data"] = std::string(kClevrStyleName) + ", unique_red_shape, " +
                                std::to_string(sizes.clevr.n_images) + " scenes (and as many pretext scenes), " +
                                std::to_string(sizes.clevr.image_size) + "x" + std::to_string(sizes.clevr.image_size);
        c["clevr_style.training"] = "ResNet-18, Adam lr " + std::to_string(sizes.clevr.learning_rate) + ", batch " +
                                    std::to_string(sizes.clevr.batch_size) + ", " +
                                    std::to_string(sizes.clevr.pretrain_epochs) + " pretext epochs + " +
                                    std::to_string(sizes.clevr.finetune_epochs) + " fine-tuning epochs, one seed, final "
                                    "weights (documented choice: CPU budget)";
        c["clevr_style.agop"] = "training hook during fine-tuning, every " + std::to_string(sizes.clevr.every_k_batches) +
                                "th batch, last-epoch running mean";
        c["clevr_style.explained"] = "the first " + std::to_string(sizes.clevr.max_explained) +
                                     " correctly classified test scenes";
    }
    if (sizes.quick) result.messages.push_back(quick_note(true));
    result.seconds["total"] = total_s;  // the units' wall times added up (one process or several)
    return result;
}

}  // namespace agop
