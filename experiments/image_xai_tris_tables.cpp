#include "experiments/image_xai_tris_tables.hpp"

#include <cmath>
#include <functional>

#include "autodiff/error.hpp"
#include "experiments/image_clevr_section.hpp"
#include "experiments/image_no_truth_table.hpp"

namespace agop {

namespace {

constexpr double kChance = 0.5;  // two balanced classes

// over_seeds for a wall time: "not measured" when options.timings is false.
Cell seconds_over_seeds(const ReproduceOptions& options, const std::vector<double>& values) {
    if (values.size() == 1) return timing_cell(options, values[0], std::nan(""), 3);
    const MeanInterval m = mean_and_interval(values);
    return timing_cell(options, m.mean, m.half_width, 3);
}

Cell whole_number(Cell cell) {
    cell.decimals = 0;
    return cell;
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

// runs[seed][setting] -> the per-seed values of `value` for one setting (seeds that scored samples).
template <class Value>
std::vector<double> per_seed(const XaiTrisResults& results, std::size_t setting, Value value) {
    std::vector<double> out;
    for (const auto& seed_runs : results.runs)
        if (seed_runs[setting].explained > 0) out.push_back(value(seed_runs[setting]));
    return out;
}

std::string interval_note(const XaiTrisResults& results) {
    const std::size_t seeds = results.runs.size();
    return seeds > 1 ? "Mean ± 95% interval over " + std::to_string(seeds) + " seeds (Student t) of per-seed means."
                     : "A single seed: no interval.";
}

const char* const kAccuracyNote =
    "test accuracy: the setting's models, mean ± 95% interval over seeds; models \"near chance\" (the interval "
    "reaches chance + 0.05 = 0.55) explain nothing learned: their rows are not testable and no claim reads them.";

// The setting's index in results.settings.
std::size_t setting_index(const XaiTrisResults& results, XaiTrisScenario scenario, XaiTrisBackground background) {
    for (std::size_t c = 0; c < results.settings.size(); ++c)
        if (results.settings[c] == XaiTrisSetting{scenario, background}) return c;
    throw Error("images: no XAI-TRIS setting " + setting_name({scenario, background}));
}

// scenario, background, test accuracy, models: how the per-setting tables start a row.
std::vector<Cell> setting_cells(const XaiTrisResults& results, std::size_t c) {
    return {Cell::of_text(xai_tris_scenario_name(results.settings[c].first)),
            Cell::of_text(xai_tris_background_name(results.settings[c].second)), results.accuracy[c].cell,
            Cell::of_text(models_word(results.accuracy[c]))};
}

// One setting's rows of table xai_tris, its headline cells, and what the claims read.
void add_setting_rows(Table& t, std::map<std::string, std::vector<Cell>>& headline_rows, const XaiTrisResults& results,
                      std::size_t c, const ImageExperimentSizes& sizes, XaiTrisFindings& findings) {
    const std::string name = setting_name(results.settings[c]);
    const auto explained = per_seed(results, c, [](const XaiTrisRun& r) { return double(r.explained); });
    const auto agop_rows = per_seed(results, c, [](const XaiTrisRun& r) { return double(r.agop_rows); });
    const SettingAccuracy& accuracy = results.accuracy[c];
    for (const auto& method : image_methods()) {
        std::vector<Cell> row = {Cell::of_text(xai_tris_scenario_name(results.settings[c].first)),
                                 Cell::of_text(xai_tris_background_name(results.settings[c].second)),
                                 Cell::of_text(method)};
        for (const auto& [metric, score_of] : xai_tris_metrics()) {
            if (metric == "EMD score" && !sizes.xai_tris.with_emd) {
                row.push_back(Cell::of_text("not computed"));
                continue;
            }
            row.push_back(over_seeds(
                per_seed(results, c, [&](const XaiTrisRun& r) { return score_of(r.scores.at(method)).mean; })));
        }
        row.insert(row.end(), {accuracy.cell, Cell::of_text(models_word(accuracy)),
                               Cell::of_number(mean_and_interval(explained).mean, 0),
                               Cell::of_number(mean_and_interval(agop_rows).mean, 0)});
        t.add_row(row);
        const auto miou = per_seed(results, c, [&](const XaiTrisRun& r) { return r.scores.at(method).miou.mean; });
        headline_rows[method].push_back(over_seeds(miou));
        if (!accuracy.near_chance) findings.claims.xai_tris_miou[name][method] = mean_and_interval(miou).mean;
        if (results.settings[c].second == XaiTrisBackground::white)
            findings.pointing_game[xai_tris_scenario_name(results.settings[c].first)][method] =
                per_seed(results, c, [&](const XaiTrisRun& r) { return r.scores.at(method).pointing_game.mean; });
    }
    if (accuracy.near_chance) findings.claims.near_chance.push_back(name);
    if (results.settings[c].second == XaiTrisBackground::white)
        findings.pointing_accuracy[xai_tris_scenario_name(results.settings[c].first)] = accuracy;
}

// Table xai_tris_miou: methods by setting, the setting's accuracy in its first row.
Table headline_table(const XaiTrisResults& results, const std::vector<std::size_t>& scored,
                     const std::map<std::string, std::vector<Cell>>& headline_rows, bool quick) {
    Table headline;
    headline.id = "xai_tris_miou";
    headline.title = "XAI-TRIS mIoU (top-|G| binarisation) by method and scenario/background";
    headline.columns = {"method"};
    std::vector<Cell> accuracy_row = {Cell::of_text("test accuracy")}, models_row = {Cell::of_text("models")};
    for (std::size_t c : scored) {
        headline.columns.push_back(setting_name(results.settings[c]));
        accuracy_row.push_back(results.accuracy[c].cell);
        models_row.push_back(Cell::of_text(models_word(results.accuracy[c])));
    }
    headline.add_row(accuracy_row);
    headline.add_row(models_row);
    for (const auto& method : image_methods()) {
        const auto found = headline_rows.find(method);
        if (found == headline_rows.end() || found->second.size() != scored.size()) continue;
        std::vector<Cell> row = {Cell::of_text(method)};
        row.insert(row.end(), found->second.begin(), found->second.end());
        headline.add_row(row);
    }
    headline.notes = {interval_note(results), kAccuracyNote, "Full metrics in table xai_tris."};
    add_quick_note(headline, quick);
    return headline;
}

}  // namespace

Cell over_seeds(const std::vector<double>& values) {
    if (values.size() == 1) return Cell::of_number(values[0]);
    const MeanInterval m = mean_and_interval(values);
    return Cell::of_interval(m.mean, m.half_width);
}

std::string setting_name(const XaiTrisSetting& setting) {
    return xai_tris_scenario_name(setting.first) + "/" + xai_tris_background_name(setting.second);
}

std::string quick_note() { return "QUICK RUN: sizes shrunk to exercise the code path; the numbers mean nothing."; }

void add_quick_note(Table& t, bool quick) {
    if (quick) t.notes.push_back(quick_note());
}

XaiTrisResults xai_tris_results(const std::map<std::string, ImageUnitResult>& units, std::size_t seeds,
                                const std::vector<XaiTrisSetting>& settings) {
    XaiTrisResults results;
    results.settings = settings;
    results.runs.resize(seeds);
    for (std::size_t r = 0; r < seeds; ++r)
        for (const auto& [scenario, background] : settings) {
            const std::string id = xai_tris_unit_id(scenario, background, r);
            const auto it = units.find(id);
            if (it == units.end()) throw Error("images: the result of unit " + id + " is missing");
            const auto& run = it->second.xai_tris;
            if (!run || run->scenario != scenario || run->background != background)
                throw Error("images: the result given for unit " + id + " is not that XAI-TRIS run");
            results.runs[r].push_back(*run);
        }
    for (std::size_t c = 0; c < settings.size(); ++c) {
        std::vector<double> accuracy;
        for (const auto& seed_runs : results.runs) accuracy.push_back(seed_runs[c].test_accuracy);
        results.accuracy.push_back(setting_accuracy(accuracy, kChance));
    }
    return results;
}

void add_localisation_tables(ExperimentResult& result, XaiTrisResults& results, const ImageExperimentSizes& sizes,
                             XaiTrisFindings& findings) {
    Table t;
    t.id = "xai_tris";
    t.title = "XAI-TRIS 8x8, CNN8by8: localisation of each method on correctly classified test samples";
    t.columns = {"scenario", "background", "method"};
    for (const auto& [name, _] : xai_tris_metrics()) t.columns.push_back(name);
    t.columns.insert(t.columns.end(), {"test accuracy", "models", "explained samples", "rows behind diag(M)"});
    std::map<std::string, std::vector<Cell>> headline_rows;
    std::vector<std::size_t> scored;
    for (std::size_t c = 0; c < results.settings.size(); ++c) {
        if (per_seed(results, c, [](const XaiTrisRun& r) { return r.test_accuracy; }).empty()) {
            result.messages.push_back("XAI-TRIS " + setting_name(results.settings[c]) +
                                      ": no test sample classified correctly; not scored");
            continue;
        }
        scored.push_back(c);
        add_setting_rows(t, headline_rows, results, c, sizes, findings);
    }
    t.notes = {interval_note(results),
               kAccuracyNote,
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
    add_quick_note(t, sizes.quick);
    result.tables.push_back(std::move(t));
    result.tables.push_back(headline_table(results, scored, headline_rows, sizes.quick));
    Table agreement = no_truth_agreement_table(results, sizes);
    if (!agreement.id.empty()) {
        result.tables.push_back(std::move(agreement));
        double seconds = 0;
        for (const auto& seed_runs : results.runs)
            for (const XaiTrisRun& run : seed_runs) seconds += run.no_truth_seconds;
        result.seconds["xai_tris.no_truth_metrics"] = seconds;
    }
    for (auto& run : results.runs[0])
        if (run.grid) result.heatmaps.push_back(std::move(*run.grid));
}

Table agop_estimate_table(const XaiTrisResults& results, const ImageExperimentSizes& sizes,
                          const ReproduceOptions& options) {
    Table t;
    t.id = "agop_estimate";
    t.title = "How much data diag(M) sees: each estimate on the same trained CNN8by8 models (XAI-TRIS)";
    t.columns = {"scenario",
                 "background",
                 "test accuracy",
                 "models",
                 "estimate",
                 "rows behind diag(M)",
                 "seconds",
                 "AGOP-Weighted mIoU",
                 "AGOP-Weighted pointing game",
                 "AGOP-Global mIoU",
                 "AGOP-Global pointing game",
                 "Spearman(epoch, AGOP-Global mIoU)"};
    for (std::size_t c = 0; c < results.settings.size(); ++c) {
        if (per_seed(results, c, [](const XaiTrisRun& r) { return double(r.explained); }).empty()) continue;
        for (std::size_t e = 0; e < results.runs[0][c].estimate_study.size(); ++e) {
            auto value = [&](auto of) {
                return per_seed(results, c, [&](const XaiTrisRun& r) { return of(r.estimate_study.at(e)); });
            };
            const AgopEstimateScores& first = results.runs[0][c].estimate_study[e];
            std::vector<Cell> row = setting_cells(results, c);
            row.insert(row.end(),
                       {Cell::of_text(agop_estimate_name(first.estimate, sizes.xai_tris.every_k_batches)),
                        whole_number(over_seeds(value([](const AgopEstimateScores& s) { return double(s.rows); }))),
                        seconds_over_seeds(options, value([](const AgopEstimateScores& s) { return s.seconds; })),
                        over_seeds(value([](const AgopEstimateScores& s) { return s.weighted.miou.mean; })),
                        over_seeds(value([](const AgopEstimateScores& s) { return s.weighted.pointing_game.mean; })),
                        over_seeds(value([](const AgopEstimateScores& s) { return s.global.miou.mean; })),
                        over_seeds(value([](const AgopEstimateScores& s) { return s.global.pointing_game.mean; }))});
            row.push_back(first.epochs.size() >= 2 ? over_seeds(value([](const AgopEstimateScores& s) {
                return epoch_trend(s.epochs).spearman_miou;
            }))
                                                   : Cell::of_text("no per-epoch snapshots"));
            t.add_row(row);
        }
    }
    t.notes = {
        "Each estimate is computed for the same trained model of each seed (paired comparison): the hooks "
        "during the same training run, the post-hoc pass after it on the kept (best-validation) weights.",
        "Hooks: running mean over the batches of the epoch whose weights are kept (last_epoch accumulation), "
        "weights changing between batches; post hoc: diag(M) of the kept weights on the whole training set.",
        "seconds: the hook's time over the whole training (it runs in every epoch), or the post-hoc pass.",
        "Mean ± 95% interval over seeds; the estimate the other tables use: " +
            agop_estimate_name(sizes.xai_tris.agop_estimate, sizes.xai_tris.every_k_batches) + ".",
        kAccuracyNote};
    add_quick_note(t, sizes.quick);
    return t;
}

namespace {

// The epoch tables and charts of the image experiment, filled one seed-0 run at a time.
struct EpochTables {
    Table snapshots, trends;
    LineChart miou, accuracy;
};

void add_epoch_rows(EpochTables& out, const XaiTrisResults& results, std::size_t c, XaiTrisFindings& findings) {
    const XaiTrisRun& run = results.runs[0][c];
    const std::vector<Cell> setting = setting_cells(results, c);
    const std::size_t stride = (run.epochs.size() + 19) / 20;
    Series miou{setting_name(results.settings[c]), {}, {}}, validation = miou;
    for (std::size_t e = 0; e < run.epochs.size(); ++e) {
        const auto& q = run.epochs[e];
        miou.x.push_back(q.epoch);
        miou.y.push_back(q.global_miou);
        validation.x.push_back(q.epoch);
        validation.y.push_back(q.validation_accuracy);
        if (e % stride != 0 && e + 1 != run.epochs.size()) continue;
        std::vector<Cell> row = setting;
        row.insert(row.end(), {Cell::of_number(q.epoch, 0), Cell::of_number(q.validation_accuracy),
                               Cell::of_number(q.global_miou), Cell::of_number(q.global_precision)});
        out.snapshots.add_row(row);
    }
    out.miou.series.push_back(std::move(miou));
    out.accuracy.series.push_back(std::move(validation));
    if (run.epochs.size() < 2) return;
    const EpochTrend trend = epoch_trend(run.epochs);
    if (!results.accuracy[c].near_chance) findings.claims.trends.push_back(trend);
    std::vector<Cell> row = setting;
    row.insert(row.end(), {Cell::of_number(trend.spearman_miou), Cell::of_number(trend.spearman_precision),
                           Cell::of_number(trend.plateau_epoch, 0), Cell::of_number(trend.miou_at_plateau),
                           Cell::of_number(trend.miou_at_end)});
    out.trends.add_row(row);
}

}  // namespace

void add_epoch_tables(ExperimentResult& result, const XaiTrisResults& results, const ImageExperimentSizes& sizes,
                      XaiTrisFindings& findings) {
    EpochTables out;
    out.snapshots.id = "agop_over_epochs";
    out.snapshots.title = "diag(M) snapshots across training as the AGOP-Global map (seed 0)";
    out.snapshots.columns = {"scenario", "background",          "test accuracy",    "models",
                             "epoch",    "validation accuracy", "AGOP-Global mIoU", "AGOP-Global importance precision"};
    out.trends.id = "agop_over_epochs_trend";
    out.trends.title = "Does diag(M) keep improving after accuracy plateaus? (seed 0)";
    out.trends.columns = {"scenario",
                          "background",
                          "test accuracy",
                          "models",
                          "Spearman(epoch, mIoU)",
                          "Spearman(epoch, precision)",
                          "plateau epoch",
                          "mIoU at plateau",
                          "mIoU at last epoch"};
    out.miou = {"agop_over_epochs.png", "AGOP-Global (diag(M) snapshot) mIoU per epoch, XAI-TRIS", "epoch", "mIoU", {}};
    out.accuracy = {"agop_over_epochs_accuracy.png",
                    "CNN8by8 validation accuracy per epoch, XAI-TRIS",
                    "epoch",
                    "validation accuracy",
                    {}};
    for (std::size_t c = 0; c < results.settings.size(); ++c)
        if (!results.runs[0][c].epochs.empty()) add_epoch_rows(out, results, c, findings);
    out.snapshots.notes = {
        "Each epoch's hook snapshot (running mean over that epoch's hooked batches) used as the map "
        "for every scored test sample; validation accuracy of that epoch's weights.",
        "Rows every ceil(epochs/20) epochs and the last; the charts hold every epoch.", kAccuracyNote};
    out.trends.notes = {"Plateau: the first epoch whose validation accuracy is within 0.01 of the run's best.",
                        kAccuracyNote};
    add_quick_note(out.snapshots, sizes.quick);
    add_quick_note(out.trends, sizes.quick);
    result.tables.push_back(std::move(out.snapshots));
    result.tables.push_back(std::move(out.trends));
    result.charts.push_back(std::move(out.miou));
    result.charts.push_back(std::move(out.accuracy));
}

void add_sanity_table(ExperimentResult& result, const XaiTrisResults& results, const ImageExperimentSizes& sizes) {
    for (const auto& run : results.runs[0]) {
        if (!run.randomisation) continue;
        const SettingAccuracy& accuracy = results.accuracy[setting_index(results, run.scenario, run.background)];
        Table t;
        t.id = "image_sanity";
        t.title = "Model-randomisation check, XAI-TRIS " + setting_name({run.scenario, run.background}) +
                  ": Spearman of |a| between the trained and a re-initialised CNN8by8";
        t.columns = {"method", "Spearman(trained, re-initialised)"};
        for (const auto& method : image_methods())
            t.add_row({Cell::of_text(method), over_samples(run.randomisation->at(method))});
        t.notes = {
            "Mean ± 95% interval over the scored test samples (seed 0). Near 0: the map depends on the "
            "weights (passes); near 1: it does not (random is model-independent by design).",
            "AGOP-Global/-Weighted of the re-initialised model use its own post-hoc diag(M) on the training "
            "set.",
            "The setting's models: test accuracy " + accuracy.cell.formatted() + " over seeds, " +
                models_word(accuracy) + (accuracy.near_chance ? " (not testable)." : ".")};
        add_quick_note(t, sizes.quick);
        result.tables.push_back(std::move(t));
    }
}

}  // namespace agop
