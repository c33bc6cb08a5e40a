#include "cli/command_explain.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>

#include "attribution/batch_rows.hpp"
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
#include "data/npy.hpp"
#include "data/npy_blocks.hpp"
#include "experiments/progress.hpp"
#include "explain/explanation_writers.hpp"
#include "explain/streamed_outputs.hpp"

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

// Where the rows come from. Raw CSV rows and a .npy of rows are read a block at a time; a
// folder of PNG files or a .npy of images (N, C, H, W) is read whole, as the image outputs
// (inputs.csv, overlays) need every sample's name.
struct Rows {
    std::optional<TabularPreprocessing> preprocessing;  // stored in the checkpoint; none for other models
    bool regression = false;
    bool raw = false;  // raw CSV rows
    std::unique_ptr<RowSource> source;
    ExplainInputs images;  // image samples (read whole); empty otherwise
};

bool holds_images(const std::string& inputs) {
    return fs::is_directory(inputs) || NpyBlockReader(inputs).shape().size() == 4;
}

Rows open_rows(const ExplainOptions& o, const ModelSource& source) {
    Rows rows;
    rows.preprocessing = stored_tabular_preprocessing(source.metadata, o.checkpoint);
    rows.regression = is_regression(source.metadata, o.checkpoint);
    if (!o.csv.empty()) {
        if (!rows.preprocessing)
            throw Error("--checkpoint " + o.checkpoint +
                        ": holds no tabular preprocessing, so raw rows (--csv) cannot be "
                        "encoded; train it with agop train --data csv:FILE:TARGET (or adult, credit), or pass "
                        "encoded rows with --inputs");
        rows.raw = true;
        rows.source = csv_row_source(*rows.preprocessing, o.csv, o.settings.unseen_category);
        const std::string note = missing_cells_note(*rows.preprocessing);
        if (!note.empty() && !o.common.quiet) std::cerr << "explain: " << note << "\n";
    } else if (holds_images(o.inputs)) {
        rows.images = read_explain_inputs(o.inputs, source, o.images, o.common.quiet);
        rows.source = tensor_row_source(rows.images.samples);
    } else {
        rows.source = npy_row_source(o.inputs);
        if (rows.source->shape().size() < 2)
            throw Error("--inputs " + o.inputs + ": expected samples (N, ...), got " +
                        shape_string(rows.source->shape()));
    }
    if (rows.source->shape()[0] == 0)
        throw Error((o.csv.empty() ? "--inputs " + o.inputs : "--csv " + o.csv) + ": holds no rows to explain");
    return rows;
}

PreparedMethod prepare(const ExplainOptions& o, const ModelSource& source, const Rows& rows) {
    MethodData d;
    d.seed = o.common.seed;
    if (find_method(o.settings.method).agop != AgopUse::none)
        d.agop = &required_agop(source, o.settings.method, o.checkpoint);
    d.agop_diagonal = source.agop_diagonal;
    d.checkpoint = o.checkpoint;
    d.preprocessing = rows.preprocessing ? &*rows.preprocessing : nullptr;
    d.raw_rows = rows.raw;
    d.background = o.background;
    d.regression = rows.regression;
    return prepare_method(o.settings, d);
}

OutputPlan output_plan(const fs::path& dir, const ExplainOptions& o, const Rows& rows, const PreparedMethod& prepared,
                       const ExplainedModels& models, const Shape& shape) {
    OutputPlan plan;
    plan.dir = dir;
    plan.method = prepared.method->name;
    plan.shape = shape;
    plan.class_names = rows.preprocessing ? rows.preprocessing->class_names : std::vector<std::string>{};
    plan.regression = rows.regression;
    if (rows.raw) {
        const std::string meaning =
            method_base_values(*prepared.method, models.explained, shape, {}, prepared.settings).meaning;
        plan.tabular = tabular_explanation_fields(*rows.preprocessing, rows.regression, prepared,
                                                  recorded_settings(o, prepared.model_output), meaning, o.checkpoint);
    }
    plan.per_column = o.per_column;
    plan.figures = o.figures;
    plan.figure_rows = o.figure_rows;
    plan.figure_sample = o.figure_sample;
    plan.seed = o.common.seed;
    return plan;
}

// What the image outputs need of every block (image samples are read whole anyway).
struct ImageResults {
    Tensor attributions;  // (N, C, H, W)
    Predictions predictions;
    void add(const StreamedBlock& block) {
        const Tensor& a = block.attributions;
        std::memcpy(attributions.data() + block.first_row * row_size(shape_of(a)), a.data(), a.size() * sizeof(float));
        const Predictions& p = block.results.predictions;
        auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
        append(predictions.predicted_class, p.predicted_class);
        append(predictions.probability, p.probability);
        append(predictions.predicted_value, p.predicted_value);
    }
};

// Streams the run's rows through the method (or the merged parts) into the output files, or
// for a shard into its part; a progress line on stderr (rows, rows/s, ETA) unless --quiet.
std::vector<fs::path> explain_rows(const ExplainOptions& o, const fs::path& dir, Rows& rows,
                                   const PreparedMethod& prepared, const ExplainedModels& models,
                                   const Targets& targets, const RowRange& range, const std::optional<Shard>& shard,
                                   MergedRows* merged) {
    const Shape shape = rows.source->shape();
    const std::size_t total = shape[0], block = row_block_size(total);
    StreamPlan plan{&prepared, &models, &targets, rows.regression, range, o.block_rows, !shard, {}};
    if (merged)
        plan.attributions = [&](std::size_t first, const Tensor& inputs) {
            return merged->read(first, shape_of(inputs));
        };
    Progress progress(prepared.method->name + (merged ? ": merging rows" : ": explaining rows"),
                      (range.count + block - 1) / block, o.common.quiet);
    std::size_t done = 0;
    auto advance = [&](std::size_t count) {
        done += count;
        const double seconds = progress.elapsed_seconds();
        char text[96];
        std::snprintf(text, sizeof text, "%zu of %zu rows, %.0f rows/s", done, range.count,
                      seconds > 0 ? done / seconds : 0.0);
        progress.advance(text);
    };
    if (shard) {
        NpyBlockWriter part(explain_part_attributions(dir, o, range).string(), with_rows(shape, range.count));
        stream_explanation(*rows.source, plan, [&](StreamedBlock& b) {
            part.append(b.attributions);
            advance(b.attributions.shape()[0]);
        });
        part.close();
        return write_explain_part(dir, o, *shard, range, total);
    }
    StreamedOutputs outputs(output_plan(dir, o, rows, prepared, models, shape));
    ImageResults images{Tensor::from_shape(shape.size() == 4 ? shape : Shape{0}), {}};
    stream_explanation(*rows.source, plan, [&](StreamedBlock& b) {
        outputs.add(b);
        if (shape.size() == 4) images.add(b);
        advance(b.attributions.shape()[0]);
    });
    std::vector<fs::path> written = outputs.finish();
    for (const auto& file : write_image_outputs(dir, rows.images, images.attributions, images.predictions,
                                                prepared.method->name, o.images))
        written.push_back(file);
    return written;
}

void print_written(const RunDirectory& run, const std::vector<fs::path>& written) {
    for (const auto& file : written)
        std::cout << "wrote " << run.final_path(file.lexically_relative(run.staging()).string()).string() << "\n";
}

}  // namespace

void run_explain(const ExplainOptions& o, MergedRows* merged) {
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
    Rows rows = open_rows(o, source);
    const PreparedMethod prepared = prepare(o, source, rows);
    const std::string& name = prepared.method->name;
    const std::size_t total_rows = rows.source->shape()[0];
    const Targets targets = explained_targets(o.targets.empty() ? std::vector<int>{} : read_npy_labels(o.targets),
                                              total_rows, rows.regression);
    const ExplainedModels models = explained_models(*source.model, prepared.model_output);
    const RowRange range = shard ? shard_rows(total_rows, *shard) : RowRange{0, total_rows};
    if (merged) merged->check_shape(rows.source->shape());
    const auto start = std::chrono::steady_clock::now();
    const std::vector<fs::path> written =
        explain_rows(o, run.staging(), rows, prepared, models, targets, range, shard, merged);
    const double seconds = seconds_since(start);
    run.commit();
    if (o.common.quiet) return;
    std::cout << name << " (" << prepared.model_output << "): ";
    if (shard)
        std::cout << "rows " << range.first << "-" << range.first + range.count - 1 << " of " << total_rows << " (part "
                  << o.shard << ") in " << seconds << " s\n";
    else if (merged)
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
    cmd->add_option("--block-rows", o->block_rows,
                    "Rows read, explained and written per step (rounded up to whole blocks; default about 8192): "
                    "memory grows with it, no output changes")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    cmd->add_option("--shard", o->shard,
                    "i/n: explain only part i of n of the rows, split in contiguous blocks of rows, and "
                    "write a part for `agop merge` (part.json + the rows' attributions)");
    add_model_source_options(cmd, o->source);
    add_image_input_options(cmd, o->images);
    cmd->callback([o] { run_explain(*o); });
}

}  // namespace agop::cli
