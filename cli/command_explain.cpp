#include "cli/command_explain.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "autodiff/error.hpp"
#include "cli/common_options.hpp"
#include "cli/explain_options.hpp"
#include "cli/explain_parts.hpp"
#include "cli/explain_shard.hpp"
#include "cli/image_inputs.hpp"
#include "cli/model_source.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "cli/tabular_metadata.hpp"
#include "data/atomic_file.hpp"
#include "data/npy.hpp"
#include "experiments/progress.hpp"
#include "explain/explanation_writers.hpp"
#include "explain/tabular_figures.hpp"

namespace agop::cli {

namespace fs = std::filesystem;

namespace {

void check_request(const ExplainOptions& o) {
    if (o.checkpoint.empty() || o.inputs.empty() == o.csv.empty())
        throw Error("agop explain: --checkpoint and one of --inputs (encoded .npy) or --csv (raw rows) are required");
    if (o.figures && o.csv.empty()) throw Error("--figures: drawn for tabular explanations; pass raw rows with --csv");
    if (!o.shard.empty() && !o.source.save.empty())
        throw Error(
            "--shard: not with --save (every shard would write it); save the checkpoint in one unsharded run, "
            "then shard with --checkpoint NEW.safetensors");
    check_explain_options(o);
    find_method(o.settings.method);
}

// The rows to explain: raw CSV rows encoded with the checkpoint's preprocessing (parsed once,
// here), or the samples of --inputs (their names kept in `samples` for the image outputs).
ExplainData read_rows(const ExplainOptions& o, const ModelSource& source, ExplainInputs& samples) {
    auto preprocessing = stored_tabular_preprocessing(source.metadata, o.checkpoint);
    const bool regression = is_regression(source.metadata, o.checkpoint);
    ExplainData data;
    if (!o.csv.empty()) {
        if (!preprocessing)
            throw Error("--checkpoint " + o.checkpoint +
                        ": holds no tabular preprocessing, so raw rows (--csv) cannot be "
                        "encoded; train it with agop train --data csv:FILE:TARGET (or adult, credit), or pass "
                        "encoded rows with --inputs");
        data = encode_raw_rows(*preprocessing, o.csv, o.settings.unseen_category);
        const std::string note = missing_cells_note(*preprocessing);
        if (!note.empty() && !o.common.quiet) std::cerr << "explain: " << note << "\n";
    } else {
        samples = read_explain_inputs(o.inputs, source, o.images, o.common.quiet);
        data.preprocessing = std::move(preprocessing);
        data.inputs = std::move(samples.samples);
    }
    data.regression = regression;
    return data;
}

PreparedMethod prepare(const ExplainOptions& o, const ModelSource& source, const ExplainData& data) {
    MethodData d;
    d.seed = o.common.seed;
    if (find_method(o.settings.method).agop != AgopUse::none)
        d.agop = &required_agop(source, o.settings.method, o.checkpoint);
    d.agop_diagonal = source.agop_diagonal;
    d.checkpoint = o.checkpoint;
    d.preprocessing = data.preprocessing ? &*data.preprocessing : nullptr;
    d.raw_rows = data.raw.has_value();
    d.background = o.background;
    d.regression = data.regression;
    return prepare_method(o.settings, d);
}

// Every file of an unsharded run (or a merge) besides the run marker; returns their paths.
std::vector<fs::path> write_outputs(const fs::path& dir, const ExplainOptions& o, const ExplainData& data,
                                    const ExplainInputs& samples, const PreparedMethod& prepared,
                                    const ExplanationResults& results, const Tensor& attributions) {
    const std::string& name = prepared.method->name;
    const auto npy = dir / ("attributions_" + name + ".npy"), predictions = dir / ("predictions_" + name + ".csv");
    write_npy_tensor(npy.string(), attributions);
    write_text_file_atomically(predictions, predictions_csv(results.predictions, results.explained_output,
                                                            data.preprocessing ? data.preprocessing->class_names
                                                                               : std::vector<std::string>{}));
    std::vector<fs::path> written{npy, predictions};
    if (data.inputs.dimension() == 4)
        for (const auto& file : write_image_outputs(dir, ExplainInputs{data.inputs, samples.names}, attributions,
                                                    results.predictions, name, o.images))
            written.push_back(file);
    if (data.raw) {
        const TabularExplanation explanation = tabular_explanation(
            data, prepared, recorded_settings(o, prepared.model_output), results, attributions, o.checkpoint);
        for (const auto& file : write_tabular_explanation(dir, explanation, o.per_column)) written.push_back(file);
        if (o.figures)
            for (const auto& file : write_explanation_figures(dir, explanation, o.figure_rows)) written.push_back(file);
    }
    return written;
}

// Explains `rows` with a progress line on stderr (rows done, rows/s, ETA) unless --quiet.
Tensor explain_with_progress(const ExplainOptions& o, const PreparedMethod& prepared, const ExplainedModels& models,
                             const ExplainData& data, const Targets& targets, const RowRange& rows) {
    const std::size_t block = row_block_size(data.inputs.shape()[0]);
    Progress progress(prepared.method->name + ": explaining rows", (rows.count + block - 1) / block, o.common.quiet);
    return explain_rows_in_blocks(prepared.method->name, models.explained, data.inputs, targets, prepared.settings,
                                  rows, [&](std::size_t done) {
                                      const double seconds = progress.elapsed_seconds();
                                      char text[96];
                                      std::snprintf(text, sizeof text, "%zu of %zu rows, %.0f rows/s", done, rows.count,
                                                    seconds > 0 ? done / seconds : 0.0);
                                      progress.advance(text);
                                  });
}

void print_written(const RunDirectory& run, const std::vector<fs::path>& written) {
    for (const auto& file : written)
        std::cout << "wrote " << run.final_path(file.lexically_relative(run.staging()).string()).string() << "\n";
}

}  // namespace

void run_explain(const ExplainOptions& o, const std::optional<Tensor>& merged_attributions) {
    if (o.list) {
        for (const auto& m : methods()) std::cout << m.name << "\t" << m.description << "\n";
        return;
    }
    check_request(o);
    const std::optional<Shard> shard = o.shard.empty() ? std::nullopt : std::optional<Shard>(parse_shard(o.shard));
    apply_runtime_options(o.common);
    std::vector<std::string> inputs_read{o.checkpoint, o.inputs,           o.csv,        o.targets,
                                         o.background, o.source.agop_data, o.source.save};
    inputs_read.insert(inputs_read.end(), o.merged_parts.begin(), o.merged_parts.end());
    RunDirectory run(o.common.out, o.common.force, inputs_read, "explain");
    const ModelSource source = load_model_source(o.checkpoint, o.source, o.common.force);
    ExplainInputs samples;
    const ExplainData data = read_rows(o, source, samples);
    const PreparedMethod prepared = prepare(o, source, data);
    const std::string& name = prepared.method->name;
    const Targets targets = explained_targets(o.targets.empty() ? std::vector<int>{} : read_npy_labels(o.targets),
                                              data.inputs.shape()[0], data.regression);
    const ExplainedModels models = explained_models(*source.model, prepared.model_output);
    const std::size_t total_rows = data.inputs.shape()[0];
    const RowRange rows = shard ? shard_rows(total_rows, *shard) : RowRange{0, total_rows};
    const auto start = std::chrono::steady_clock::now();
    const Tensor attributions =
        merged_attributions ? *merged_attributions : explain_with_progress(o, prepared, models, data, targets, rows);
    const double seconds = seconds_since(start);
    std::vector<fs::path> written;
    if (shard) {
        written = write_explain_part(run.staging(), o, *shard, rows, total_rows, attributions);
    } else {
        if (shape_of(attributions) != shape_of(data.inputs))
            throw Error("the parts hold attributions for " + std::to_string(attributions.shape()[0]) +
                        " rows of another shape than the " + std::to_string(total_rows) + " inputs");
        const ExplanationResults results = explanation_results(prepared, models, data.inputs, targets, data.regression);
        written = write_outputs(run.staging(), o, data, samples, prepared, results, attributions);
    }
    run.commit();
    if (o.common.quiet) return;
    std::cout << name << " (" << prepared.model_output << "): ";
    if (shard)
        std::cout << "rows " << rows.first << "-" << rows.first + rows.count - 1 << " of " << total_rows << " (part "
                  << o.shard << ") in " << seconds << " s\n";
    else if (merged_attributions)
        std::cout << total_rows << " samples merged from parts\n";
    else
        std::cout << total_rows << " samples in " << seconds << " s (" << total_rows / seconds << " samples/s)\n";
    print_written(run, written);
}

void add_explain_command(CLI::App& app) {
    auto o = std::make_shared<ExplainOptions>();
    CLI::App* cmd = app.add_subcommand("explain",
                                       "Attribute a checkpoint's predictions with any method; writes "
                                       "OUT/attributions_<method>.npy");
    add_common_options(cmd, o->common, "results/explain");
    cmd->add_flag("--list", o->list, "List the methods and exit");
    add_explain_table_options(cmd, *o);
    cmd->add_option("--shard", o->shard,
                    "i/n: explain only the i-th of n contiguous row ranges (blocks of rows) and "
                    "write a part for `agop merge` (part.json + the rows' attributions)");
    add_model_source_options(cmd, o->source);
    add_image_input_options(cmd, o->images);
    cmd->callback([o] { run_explain(*o); });
}

}  // namespace agop::cli
