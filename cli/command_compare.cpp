#include "cli/command_compare.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include "autodiff/error.hpp"
#include "cli/command_compare_leaderboard.hpp"
#include "cli/command_compare_setup.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "experiments/progress.hpp"
#include "figures/compare_figure.hpp"

namespace agop::cli {

namespace {

// One method's row: explain the rows (timed), then every metric.
LeaderboardRow score_method(CompareSetup& c, const std::string& method, std::vector<ScoredMetric>& scored) {
    const Targets targets = Targets::classes(c.targets);
    const auto start = std::chrono::steady_clock::now();
    const Tensor attributions = explain(method, c.explained, c.inputs, targets, c.settings);
    const double seconds = seconds_since(start);
    ScorecardInputs in = c.scorecard;
    in.explain = [&](const Tensor& x, const std::vector<int>& t) {
        return explain(method, c.explained, x, Targets::classes(t), c.settings);
    };
    if (std::find(c.metrics.begin(), c.metrics.end(), "randomisation") != c.metrics.end())
        in.randomised_attributions = explain(method, c.randomised_explained, c.inputs, targets, c.randomised_settings);
    scored = score_attributions(in, attributions, c.metrics, c.scorecard_settings);
    LeaderboardRow row{method, seconds / static_cast<double>(c.inputs.shape()[0]), {}};
    for (const ScoredMetric& m : scored)
        if (m.name.find("-random") == std::string::npos) row.cells.push_back({mean_and_interval(m.values.per_sample)});
    return row;
}

CompareFigure figure_of(const Leaderboard& board) {
    CompareFigure f;
    f.metrics = board.metrics;
    for (const auto& row : board.rows) {
        f.methods.push_back(row.method);
        f.seconds_per_row.push_back(row.seconds_per_row);
        f.rank.emplace_back();
        f.best_rank.emplace_back();
        f.worst_rank.emplace_back();
        for (const auto& cell : row.cells) {
            f.rank.back().push_back(cell.rank);
            f.best_rank.back().push_back(static_cast<double>(cell.best_rank));
            f.worst_rank.back().push_back(static_cast<double>(cell.worst_rank));
        }
    }
    return f;
}

void run_compare(const CompareOptions& o) {
    apply_runtime_options(o.common);
    RunDirectory run(o.common.out, o.common.force, {o.checkpoint, o.csv, o.inputs, o.background, o.source.agop_data},
                     "compare");
    CompareSetup c = prepare_compare(o);
    Leaderboard board;
    board.metrics = c.metrics;
    board.settings = c.notes;
    board.settings.push_back({"methods", std::to_string(c.methods.size())});
    Progress progress("compare: " + std::to_string(c.methods.size()) + " methods x " +
                          std::to_string(c.metrics.size()) + " metrics on " + std::to_string(c.inputs.shape()[0]) +
                          " rows",
                      c.methods.size(), o.common.quiet);
    for (const std::string& method : c.methods) {
        std::vector<ScoredMetric> scored;
        board.rows.push_back(score_method(c, method, scored));
        if (board.references.empty())
            for (const ScoredMetric& m : scored)
                if (m.name.find("-random") != std::string::npos)
                    board.references.push_back(
                        {m.name.substr(0, m.name.find("-random")), mean_and_interval(m.values.per_sample)});
        progress.advance(method);
    }
    progress.finish();
    rank_methods(board);
    std::vector<std::filesystem::path> written = write_leaderboard(run.staging(), board);
    const auto figure = run.staging() / "compare.png";
    write_compare_png(figure_of(board), figure.string());
    written.push_back(figure);
    run.commit();
    if (o.common.quiet) return;
    std::cout << leaderboard_table(board);
    for (const auto& file : written) std::cout << "wrote " << run.final_path(file.filename().string()).string() << "\n";
}

}  // namespace

void add_compare_command(CLI::App& app) {
    auto o = std::make_shared<CompareOptions>();
    CLI::App* cmd = app.add_subcommand("compare",
                                       "Rank attribution methods on a model by metrics without ground truth; "
                                       "writes OUT/compare.{md,csv,json,png}");
    add_common_options(cmd, o->common, "results/compare");
    cmd->add_option("--checkpoint", o->checkpoint, "model.safetensors written by agop train, or a PyTorch state dict")
        ->check(existing_file());
    cmd->add_option("--csv", o->csv, "Raw rows, a CSV with the training file's columns (tabular checkpoints)")
        ->check(existing_file());
    cmd->add_option("--inputs", o->inputs, "Encoded rows (N, ...) float .npy, or a folder of PNG files");
    cmd->add_option("--methods", o->methods, "Comma-separated methods (default: every method the model supports)");
    cmd->add_option("--metrics", o->metrics,
                    "Comma-separated metrics (default: all): deletion, insertion, "
                    "faithfulness-correlation, infidelity, pgi, pgu, max-sensitivity, ris, "
                    "sparseness, complexity, randomisation");
    cmd->add_option("--rows", o->rows, "Rows drawn with the seed (all if fewer)")
        ->check(whole_number(1, 100000000))
        ->capture_default_str();
    cmd->add_option("--baseline", o->baseline,
                    "What removing a feature means: auto (mean for tables, blur for images) | zeros | mean | blur")
        ->capture_default_str();
    cmd->add_option("--background", o->background,
                    "Training rows (.npy) for DeepSHAP/KernelSHAP (default: the baseline row)")
        ->check(existing_file());
    cmd->add_option("--model-output", o->model_output,
                    "Output every method explains and every metric evaluates: logit | probability")
        ->capture_default_str();
    cmd->add_option("--patch", o->patch,
                    "Image patch side for deletion/insertion, faithfulness correlation, PGI/PGU (0: side / 8)")
        ->check(whole_number(0, 4096))
        ->capture_default_str();
    cmd->add_option("--steps", o->steps, "Deletion/insertion steps (0: every group; at most 32 for images)")
        ->check(whole_number(0, 1000000))
        ->capture_default_str();
    cmd->add_option("--perturbations", o->perturbations, "Gaussian draws per row for infidelity and PGI/PGU")
        ->check(whole_number(1, 100000))
        ->capture_default_str();
    cmd->add_option("--noise", o->noise, "Their noise standard deviation (input units)")
        ->check(finite_number(1e-9, 1e6))
        ->capture_default_str();
    cmd->add_option("--subsets", o->subsets, "Random subsets per row for faithfulness correlation")
        ->check(whole_number(2, 100000))
        ->capture_default_str();
    cmd->add_option("--stability-rows", o->stability_rows, "Rows for max-sensitivity and RIS (they re-run the method)")
        ->check(whole_number(1, 100000000))
        ->capture_default_str();
    cmd->add_option("--stability-perturbations", o->stability_perturbations,
                    "Draws per row for max-sensitivity and RIS")
        ->check(whole_number(1, 100000))
        ->capture_default_str();
    cmd->add_option("--radius", o->radius, "Their L-inf radius (input units)")
        ->check(finite_number(1e-9, 1e6))
        ->capture_default_str();
    cmd->add_option("--kernelshap-budget", o->kernelshap_budget,
                    "KernelSHAP coalitions per row (0: 2M + 2048, as agop explain; lower here for its cost, x3 with "
                    "the stability and randomisation re-runs)")
        ->check(whole_number(0, 10000000))
        ->capture_default_str();
    cmd->add_option("--lime-samples", o->lime_samples, "LIME perturbations per row")
        ->check(whole_number(1, 1000000))
        ->capture_default_str();
    cmd->add_option("--ig-steps", o->ig_steps, "Integrated Gradients steps")
        ->check(whole_number(1, 100000))
        ->capture_default_str();
    cmd->add_option("--unseen-category", o->unseen_category,
                    "With --csv, a category not seen in training: error | zeros")
        ->capture_default_str();
    add_model_source_options(cmd, o->source);
    add_image_input_options(cmd, o->images);
    cmd->callback([o] { run_compare(*o); });
}

}  // namespace agop::cli
