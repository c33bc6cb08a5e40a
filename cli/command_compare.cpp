#include "cli/command_compare.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "cli/command_compare_leaderboard.hpp"
#include "cli/command_compare_setup.hpp"
#include "cli/compare_parts.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "experiments/progress.hpp"
#include "figures/compare_figure.hpp"

namespace agop::cli {

namespace {

// The metrics of one block of rows: seeded by the block's index (Rng::stream(seed, b)), so that
// a block gives the same values in any part; max-sensitivity and RIS only on the rows before
// --stability-rows.
ScorecardSettings block_metric_settings(const CompareSetup& c, std::size_t block_index, const RowRange& rows) {
    ScorecardSettings s = c.scorecard_settings;
    for (std::uint64_t* seed :
         {&s.deletion.seed, &s.faithfulness.seed, &s.infidelity.seed, &s.prediction_gap.seed, &s.stability.seed})
        *seed = Rng::stream(*seed, block_index).next_u64();
    const std::size_t limit = c.scorecard_settings.stability_rows;
    s.stability_rows = limit > rows.first ? std::min(rows.count, limit - rows.first) : 0;
    return s;
}

// Rows `rows` of a baseline with one row per input (N, ...), or the baseline itself when it is
// one sample's shape (told apart by the dimensions: a sample's first extent may equal N).
Tensor baseline_rows(const Tensor& baseline, const Tensor& inputs, const RowRange& rows) {
    if (baseline.dimension() != inputs.dimension()) return baseline;
    return take_rows(baseline, rows.first, rows.count);
}

// One block of one method: explain its rows (timed), then every metric, appended per row.
void score_block(const CompareSetup& c, const std::string& method, std::size_t block_index, const RowRange& rows,
                 MethodRowScores& into) {
    const Targets targets = Targets::classes(c.targets);
    const auto start = std::chrono::steady_clock::now();
    const Tensor attributions = explain_rows_in_blocks(method, c.explained, c.inputs, targets, c.settings, rows);
    into.seconds += seconds_since(start);
    ScorecardInputs in;
    in.model = c.scorecard.model;
    in.inputs = take_rows(c.inputs, rows.first, rows.count);
    in.targets.assign(c.targets.begin() + rows.first, c.targets.begin() + rows.first + rows.count);
    in.baseline = baseline_rows(c.scorecard.baseline, c.inputs, rows);
    in.groups = c.scorecard.groups;
    MethodSettings rerun = c.settings;  // the perturbed rows draw the randomness of the rows they perturb
    rerun.smoothgrad.first_row = rerun.kernelshap.first_row = rerun.lime.first_row = rerun.random.first_row =
        rows.first;
    in.explain = [&](const Tensor& x, const std::vector<int>& t) {
        return explain(method, c.explained, x, Targets::classes(t), rerun);
    };
    std::vector<std::string> metrics = c.metrics;
    const ScorecardSettings settings = block_metric_settings(c, block_index, rows);
    if (settings.stability_rows == 0)
        metrics.erase(std::remove_if(metrics.begin(), metrics.end(),
                                     [](const std::string& m) { return m == "max-sensitivity" || m == "ris"; }),
                      metrics.end());
    if (std::find(metrics.begin(), metrics.end(), "randomisation") != metrics.end())
        in.randomised_attributions =
            explain_rows_in_blocks(method, c.randomised_explained, c.inputs, targets, c.randomised_settings, rows);
    for (const ScoredMetric& m : score_attributions(in, attributions, metrics, settings)) {
        std::vector<double>& values = into.values[m.name];
        values.insert(values.end(), m.values.per_sample.begin(), m.values.per_sample.end());
    }
}

// Every method on rows `rows` (whole blocks of compare_block_size), block by block.
CompareRowScores score_rows(const CompareSetup& c, const RowRange& rows, bool no_timings, bool quiet) {
    const std::size_t total = c.inputs.shape()[0], block = compare_block_size(total);
    CompareRowScores out{rows.first, rows.count, total, {}, c.metrics, c.notes, !no_timings};
    Progress progress("compare: " + std::to_string(c.methods.size()) + " methods x " +
                          std::to_string(c.metrics.size()) + " metrics on " + std::to_string(rows.count) + " rows",
                      c.methods.size(), quiet);
    for (const std::string& method : c.methods) {
        MethodRowScores scores{method, 0.0, {}};
        for (std::size_t first = rows.first; first < rows.first + rows.count; first += block)
            score_block(c, method, first / block, {first, std::min(block, rows.first + rows.count - first)}, scores);
        out.methods.push_back(std::move(scores));
        progress.advance(method);
    }
    progress.finish();
    return out;
}

// The leaderboard of every row's scores: each cell the mean over rows with its interval.
Leaderboard leaderboard_of(const CompareRowScores& scores) {
    Leaderboard board;
    board.metrics = scores.metrics;
    board.settings = scores.settings;
    board.settings.push_back({"methods", std::to_string(scores.methods.size())});
    for (const MethodRowScores& m : scores.methods) {
        LeaderboardRow row{
            m.method, scores.timings ? m.seconds / static_cast<double>(scores.total_rows) : std::nan(""), {}};
        for (const std::string& metric : scores.metrics) row.cells.push_back({mean_and_interval(m.values.at(metric))});
        board.rows.push_back(std::move(row));
    }
    for (const std::string& metric : scores.metrics) {
        const auto reference = scores.methods.front().values.find(metric + "-random");
        if (reference != scores.methods.front().values.end())
            board.references.push_back({metric, mean_and_interval(reference->second)});
    }
    rank_methods(board);
    return board;
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

// The model, the rows and the methods' own options from explain's table (one definition for
// both commands): every row with help text is added, then those compare does not take are
// removed again; two whose meaning differs here get compare's help text.
void add_explain_rows(CLI::App* cmd, ExplainOptions& options) {
    add_explain_table_options(cmd, options);
    for (const ExplainOption& option : explain_option_table())
        if (option.help && !is_compare_method_option(option) && !is_compare_input_option(option))
            cmd->remove_option(cmd->get_option(option.flag));
    cmd->get_option("--inputs")->description("Encoded rows (N, ...) float .npy, or a folder of PNG files");
    cmd->get_option("--background")
        ->description("Training rows (.npy) for DeepSHAP/KernelSHAP (default: the baseline row)");
}

// A merge takes every setting from its parts: any option but where and how to write is refused,
// never silently ignored.
void refuse_run_options_with_merge(const CLI::App& cmd) {
    for (const CLI::Option* option : cmd.get_options()) {
        const std::string name = option->get_name();
        if (option->count() == 0 || name == "--merge" || name == "--out" || name == "--force" || name == "--quiet" ||
            name == "--threads")
            continue;
        throw Error("--merge: takes the run's settings from its parts; " + name + " cannot be given with it");
    }
}

// The leaderboard's files and figure into the staged folder, then --out; the table on the terminal.
void write_outputs(RunDirectory& run, const Leaderboard& board, bool quiet) {
    std::vector<std::filesystem::path> written = write_leaderboard(run.staging(), board);
    const auto figure = run.staging() / "compare.png";
    write_compare_png(figure_of(board), figure.string());
    written.push_back(figure);
    run.commit();
    if (quiet) return;
    std::cout << leaderboard_table(board);
    for (const auto& file : written) std::cout << "wrote " << run.final_path(file.filename().string()).string() << "\n";
}

void run_compare(const CompareOptions& o) {
    apply_runtime_options(o.common);
    if (!o.merge.empty()) {
        RunDirectory run(o.common.out, o.common.force, o.merge, "compare");
        write_outputs(run, leaderboard_of(merge_compare_parts(o.merge)), o.common.quiet);
        return;
    }
    RunDirectory run(o.common.out, o.common.force,
                     {o.explain.checkpoint, o.explain.csv, o.explain.inputs, o.explain.background, o.source.agop_data},
                     "compare");
    const CompareSetup c = prepare_compare(o);
    const std::size_t total = c.inputs.shape()[0];
    if (o.shard.empty()) {
        write_outputs(run, leaderboard_of(score_rows(c, {0, total}, o.no_timings, o.common.quiet)), o.common.quiet);
        return;
    }
    const Shard shard = parse_shard(o.shard);
    const CompareRowScores part = score_rows(c, compare_shard_rows(total, shard), o.no_timings, o.common.quiet);
    write_compare_part(run.staging(), o, shard, part);
    run.commit();
    if (!o.common.quiet)
        std::cout << "wrote " << run.final_path("part.json").string() << " (rows " << part.first_row << " to "
                  << part.first_row + part.row_count - 1 << " of " << total << "; join the parts with agop compare "
                  << "--merge)\n";
}

}  // namespace

void add_compare_command(CLI::App& app) {
    auto o = std::make_shared<CompareOptions>();
    CLI::App* cmd = app.add_subcommand("compare",
                                       "Rank attribution methods on a model by metrics without ground truth; "
                                       "writes OUT/compare.{md,csv,json,png}");
    add_common_options(cmd, o->common, "results/compare");
    add_explain_rows(cmd, o->explain);
    cmd->add_option("--methods", o->methods, "Comma-separated methods (default: every method the model supports)");
    cmd->add_option("--metrics", o->metrics,
                    "Comma-separated metrics (default: all): deletion, insertion, "
                    "faithfulness-correlation, infidelity, pgi, pgu, max-sensitivity, ris, "
                    "sparseness, complexity, randomisation");
    add_ranged_option(cmd, "--rows", o->rows, "Rows drawn with the seed (all if fewer)", whole_number(1, 100000000));
    cmd->add_option("--baseline", o->baseline,
                    "What removing a feature means: auto (mean for tables, blur for images) | zeros | mean | blur")
        ->capture_default_str();
    cmd->add_option("--model-output", o->model_output,
                    "Output every method explains and every metric evaluates: logit | probability")
        ->capture_default_str();
    add_ranged_option(cmd, "--patch", o->patch,
                      "Image patch side for deletion/insertion, faithfulness correlation, PGI/PGU (0: side / 8)",
                      whole_number(0, 4096));
    add_ranged_option(cmd, "--steps", o->steps, "Deletion/insertion steps (0: every group; at most 32 for images)",
                      whole_number(0, 1000000));
    add_ranged_option(cmd, "--perturbations", o->perturbations, "Gaussian draws per row for infidelity and PGI/PGU",
                      whole_number(1, 100000));
    add_ranged_option(cmd, "--noise", o->noise, "Their noise standard deviation (input units)",
                      finite_number(1e-9, 1e6));
    add_ranged_option(cmd, "--subsets", o->subsets, "Random subsets per row for faithfulness correlation",
                      whole_number(2, 100000));
    add_ranged_option(cmd, "--stability-rows", o->stability_rows,
                      "Rows for max-sensitivity and RIS (they re-run the method)", whole_number(1, 100000000));
    add_ranged_option(cmd, "--stability-perturbations", o->stability_perturbations,
                      "Draws per row for max-sensitivity and RIS", whole_number(1, 100000));
    add_ranged_option(cmd, "--radius", o->radius, "Their L-inf radius (input units)", finite_number(1e-9, 1e6));
    cmd->add_option("--unseen-category", o->unseen_category,
                    "With --csv, a category not seen in training: error | zeros")
        ->capture_default_str();
    cmd->add_option("--shard", o->shard,
                    "i/n: score only part i of n of the rows, split in contiguous runs of explain's row blocks, and "
                    "write part.json to --out, for --merge");
    cmd->add_option("--merge", o->merge,
                    "Part folders of --shard runs: join them into the leaderboard of the whole run")
        ->expected(1, -1);
    cmd->add_flag("--no-timings", o->no_timings,
                  "Write seconds per row as nan, so that two runs (or a merge and a run) compare byte for byte");
    add_model_source_options(cmd, o->source);
    add_image_input_options(cmd, o->images);
    cmd->callback([o, cmd] {
        if (!o->merge.empty()) refuse_run_options_with_merge(*cmd);
        run_compare(*o);
    });
}

}  // namespace agop::cli
