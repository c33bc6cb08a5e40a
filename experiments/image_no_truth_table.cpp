#include "experiments/image_no_truth_table.hpp"

#include <cctype>
#include <functional>

#include "autodiff/error.hpp"
#include "eval/attribution_scorecard.hpp"
#include "experiments/image_no_truth.hpp"

namespace agop {

namespace {

double truth_value(const LocalisationScores& scores, const std::string& truth) {
    if (truth == "mIoU") return scores.miou.mean;
    if (truth == "EMD score") return scores.emd.mean;
    if (truth == "pointing game") return scores.pointing_game.mean;
    throw Error("no ground-truth score '" + truth + "'; expected mIoU, EMD score or pointing game");
}

bool all_equal(const std::vector<double>& values) {
    for (double v : values)
        if (v != values.front()) return false;
    return true;
}

// The metric's pooled ρ in words: "faithfulness-correlation 0.412 ± 0.101".
std::string named_value(const std::string& metric, const std::vector<double>& values) {
    return metric + " " + over_seeds(values).formatted();
}

std::string listed(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    return out;
}

// What the pooled ρ with one ground-truth score says: which metrics' intervals lie above 0 (they
// rank the methods as the ground truth does), below 0 (they reverse it), or contain 0.
std::string verdict(const std::map<std::string, std::vector<double>>& pooled, const std::string& truth) {
    std::vector<std::string> agree, reverse, unclear;
    for (const std::string& metric : image_no_truth_metrics()) {
        const auto found = pooled.find(metric);
        if (found == pooled.end() || found->second.size() < 2) {
            unclear.push_back(metric);
            continue;
        }
        const MeanInterval m = mean_and_interval(found->second);
        if (m.mean - m.half_width > 0.0)
            agree.push_back(named_value(metric, found->second));
        else if (m.mean + m.half_width < 0.0)
            reverse.push_back(named_value(metric, found->second));
        else
            unclear.push_back(metric);
    }
    std::string out = "against " + truth + ", ";
    out += agree.empty()
               ? "no metric ranks the methods clearly as the ground truth does"
               : listed(agree) + (agree.size() == 1 ? " ranks" : " rank") + " the methods as the ground truth does";
    if (!reverse.empty()) out += "; " + listed(reverse) + (reverse.size() == 1 ? " reverses" : " reverse") + " it";
    if (!unclear.empty()) out += "; the intervals of " + listed(unclear) + " contain 0 (or have one value)";
    return out;
}

std::vector<Cell> pooled_row_start(std::size_t learned, const std::string& metric) {
    return {Cell::of_text("all learned"), Cell::of_text("—"),
            Cell::of_text("—"),           Cell::of_text(std::to_string(learned) + " settings"),
            Cell::of_text(metric),        Cell::of_text(higher_is_better(metric) ? "higher" : "lower")};
}

// The table's columns and the notes that say how it was computed.
Table agreement_table_frame(const ImageExperimentSizes& sizes) {
    const ImageNoTruthSizes& n = sizes.xai_tris.no_truth;
    return Table{
        "xai_tris_no_truth_agreement",
        "XAI-TRIS: metrics without ground truth vs the ground truth, rank agreement across methods",
        {"scenario", "background", "test accuracy", "models", "metric", "better", "ρ with mIoU", "ρ with EMD score",
         "ρ with pointing game"},
        {},
        {"For each seed, the " + std::to_string(image_methods().size()) +
             " image methods (random included) are scored by each metric on the first " + std::to_string(n.rows) +
             " scored images of the model (a subsample, for cost; the ground-truth scores use all scored images), "
             "on their signed attributions, the 8 x 8 image cut into " +
             std::to_string(n.patch) + " x " + std::to_string(n.patch) + " patches, removed pixels set to " +
             (n.baseline == "zeros" ? "0 (IG's baseline)" : "a blurred copy (σ = 1 pixel)") +
             "; max-sensitivity and RIS on the first " + std::to_string(n.stability_rows) + " images, " +
             std::to_string(n.stability_draws) +
             " draws, radius 0.1. ρ is the Spearman correlation across methods between the metric (signed so "
             "that higher is better) and the ground-truth score: 1, the metric ranks the methods as the masks "
             "do; 0, unrelated; −1, reversed. Mean ± 95% interval over seeds; a seed whose ground truth ties "
             "every method is left out.",
         "Rows \"all learned\" pool the seeds of every learned setting (near-chance settings are listed but "
         "left out of them and of the verdict below)."}};
}

// The verdict note: the pooled ρ of every metric with each ground-truth score, in words.
std::string what_it_shows(const std::map<std::string, std::map<std::string, std::vector<double>>>& pooled,
                          std::size_t learned, const ImageExperimentSizes& sizes) {
    std::string shows = "What it shows (" + std::to_string(learned) + " learned settings, near-chance ones left out): ";
    if (learned == 0)
        return shows + "nothing; every setting's models are near chance, so no ground-truth ranking is testable.";
    std::vector<std::string> parts;
    for (const std::string& truth : image_truth_scores())
        if (truth != "EMD score" || sizes.xai_tris.with_emd)
            parts.push_back(
                verdict(pooled.count(truth) ? pooled.at(truth) : std::map<std::string, std::vector<double>>{}, truth));
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) parts[i][0] = static_cast<char>(std::toupper(static_cast<unsigned char>(parts[i][0])));
        shows += (i == 0 ? "" : ". ") + parts[i];
    }
    return shows + ".";
}

}  // namespace

const std::vector<std::string>& image_truth_scores() {
    static const std::vector<std::string> names{"mIoU", "EMD score", "pointing game"};
    return names;
}

std::map<std::string, std::vector<double>> no_truth_agreement(const XaiTrisResults& results, std::size_t setting,
                                                              const std::string& truth) {
    std::map<std::string, std::vector<double>> out;
    for (const auto& seed_runs : results.runs) {
        const XaiTrisRun& run = seed_runs.at(setting);
        std::vector<double> truth_values;
        std::map<std::string, std::vector<double>> by_metric;
        for (const auto& [method, metrics] : run.no_truth) {
            const auto scores = run.scores.find(method);
            if (scores == run.scores.end()) continue;
            truth_values.push_back(truth_value(scores->second, truth));
            for (const auto& [metric, value] : metrics) by_metric[metric].push_back(value);
        }
        if (truth_values.size() < 2 || all_equal(truth_values)) continue;
        for (const auto& [metric, values] : by_metric)
            if (values.size() == truth_values.size())
                out[metric].push_back(rank_agreement(metric, values, truth_values));
    }
    return out;
}

Table no_truth_agreement_table(const XaiTrisResults& results, const ImageExperimentSizes& sizes) {
    Table t = agreement_table_frame(sizes);
    bool any = false;
    for (const auto& seed_runs : results.runs)
        for (const XaiTrisRun& run : seed_runs) any = any || !run.no_truth.empty();
    if (!any) return Table{};
    std::map<std::string, std::map<std::string, std::vector<double>>> pooled;  // truth -> metric -> ρ
    std::size_t learned = 0;
    for (std::size_t c = 0; c < results.settings.size(); ++c) {
        std::map<std::string, std::map<std::string, std::vector<double>>> by_truth;
        for (const std::string& truth : image_truth_scores()) by_truth[truth] = no_truth_agreement(results, c, truth);
        const bool near_chance = results.accuracy[c].near_chance;
        if (!near_chance) ++learned;
        for (const std::string& metric : image_no_truth_metrics()) {
            std::vector<Cell> row = {Cell::of_text(xai_tris_scenario_name(results.settings[c].first)),
                                     Cell::of_text(xai_tris_background_name(results.settings[c].second)),
                                     results.accuracy[c].cell,
                                     Cell::of_text(models_word(results.accuracy[c])),
                                     Cell::of_text(metric),
                                     Cell::of_text(higher_is_better(metric) ? "higher" : "lower")};
            for (const std::string& truth : image_truth_scores()) {
                const auto& values = by_truth[truth][metric];
                const bool computed = truth != "EMD score" || sizes.xai_tris.with_emd;
                row.push_back(!computed        ? Cell::of_text("not computed")
                              : values.empty() ? Cell::of_text("no ranking")
                                               : over_seeds(values));
                if (!near_chance && computed)
                    pooled[truth][metric].insert(pooled[truth][metric].end(), values.begin(), values.end());
            }
            t.add_row(row);
        }
    }
    for (const std::string& metric : image_no_truth_metrics()) {
        std::vector<Cell> row = pooled_row_start(learned, metric);
        for (const std::string& truth : image_truth_scores()) {
            const auto& values = pooled[truth][metric];
            row.push_back(values.empty() ? Cell::of_text("—") : over_seeds(values));
        }
        t.add_row(row);
    }
    t.notes.push_back(what_it_shows(pooled, learned, sizes));
    add_quick_note(t, sizes.quick);
    return t;
}

}  // namespace agop
