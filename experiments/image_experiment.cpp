// The image experiment as units: their ids, running one, and running them all
// (image_experiment_assembly.cpp builds the tables from their results).

#include "experiments/image_experiment.hpp"

#include <algorithm>
#include <chrono>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "experiments/image_unit_json.hpp"
#include "experiments/progress.hpp"

namespace agop {

namespace {

using Clock = std::chrono::steady_clock;

// What a unit id stands for.
struct ImageUnit {
    std::string id;
    bool clevr = false;  // the CLEVR run; otherwise the XAI-TRIS run below
    XaiTrisScenario scenario = XaiTrisScenario::linear;
    XaiTrisBackground background = XaiTrisBackground::white;
    std::size_t repetition = 0;  // r of the seed Rng::stream(options.seed, r)
};

std::vector<ImageUnit> image_units(const ReproduceOptions& options, const ImageExperimentSizes& sizes) {
    std::vector<ImageUnit> units;
    // The CLEVR run first: the longest unit, and on the release the one that reads a folder, so
    // that an unsharded run refuses a bad folder before any training.
    if (sizes.run_clevr) units.push_back({clevr_unit_id(options), true});
    for (std::size_t r = 0; r < xai_tris_seeds(options, sizes); ++r)
        for (auto scenario : sizes.scenarios)
            for (auto background : sizes.backgrounds)
                units.push_back({xai_tris_unit_id(scenario, background, r), false, scenario, background, r});
    return units;
}

XaiTrisRun run_xai_tris_unit(const ImageUnit& unit, const ReproduceOptions& options,
                             const ImageExperimentSizes& sizes) {
    XaiTrisRunRequest request;
    request.scenario = unit.scenario;
    request.background = unit.background;
    request.seed = Rng::stream(options.seed, unit.repetition).next_u64();
    // Seed 0 draws the heat maps, and its first scenario/background has the sanity check.
    request.grid_rows = unit.repetition == 0 ? sizes.grid_rows : 0;
    request.randomisation_check = unit.repetition == 0 && sizes.run_sanity_check &&
                                  unit.scenario == sizes.scenarios.front() &&
                                  unit.background == sizes.backgrounds.front();
    if (!sizes.all_seeds_rows) return run_xai_tris(request, sizes.xai_tris);
    // One data set for every seed; every correct row scored, the assembly keeps the common ones.
    request.data_seed = Rng::stream(options.seed, 0).next_u64();
    XaiTrisRunSizes every_row = sizes.xai_tris;
    every_row.max_explained = 0;
    return run_xai_tris(request, every_row);
}

// The CLEVR run; its trainer stays quiet (the units' progress line says what runs).
void run_clevr_unit(ImageUnitResult& result, const ReproduceOptions& options, const ImageExperimentSizes& sizes) {
    const std::uint64_t seed = Rng::stream(options.seed, 1000).next_u64();
    if (options.clevr_xai_dir.empty()) {
        result.clevr = run_clevr_style(sizes.clevr, seed, sizes.grid_rows, true);
        return;
    }
    const auto start = Clock::now();
    const ClevrXaiTask task = read_clevr_xai_task(options.clevr_xai_dir, sizes.clevr, seed);
    result.reading_seconds = seconds_since(start);
    result.clevr_xai_task = clevr_xai_task_summary(task, options.clevr_xai_dir);
    result.clevr = run_clevr_xai(task, sizes.clevr, seed, sizes.grid_rows, true);
}

}  // namespace

ImageExperimentSizes image_experiment_sizes(bool quick) {
    ImageExperimentSizes s;
    if (!quick) return s;
    s.quick = true;
    s.xai_tris.n_samples = 1000;
    s.xai_tris.epochs = 12;
    s.xai_tris.batch_size = 64;
    s.xai_tris.learning_rate = 5e-3f;
    s.xai_tris.every_k_batches = 4;
    s.xai_tris.max_explained = 48;
    s.max_seeds = 1;
    s.clevr.n_images = 40;
    s.clevr.image_size = 32;
    s.clevr.pretrain_epochs = 1;
    s.clevr.finetune_epochs = 1;
    s.clevr.batch_size = 16;
    s.clevr.every_k_batches = 1;
    s.clevr.max_explained = 3;
    s.grid_rows = 3;
    return s;
}

ImageExperimentSizes effective_image_sizes(const ReproduceOptions& options, const ImageExperimentSizes& requested) {
    ImageExperimentSizes sizes = requested;
    if (!options.agop_estimate.empty()) sizes.xai_tris.agop_estimate = parse_agop_estimate(options.agop_estimate);
    sizes.xai_tris.agop_estimate_study = sizes.xai_tris.agop_estimate_study || options.agop_estimate_study;
    if (options.epochs > 0) sizes.xai_tris.epochs = options.epochs;
    if (!options.ig_rule.empty())
        sizes.xai_tris.ig_rule = sizes.clevr.ig_rule = parse_integration_rule(options.ig_rule, "--ig-rule");
    if (!options.model_output.empty()) {
        if (options.model_output != "logits" && options.model_output != "probabilities")
            throw Error("--model-output: expected logits or probabilities; got '" + options.model_output + "'");
        sizes.xai_tris.explain_probabilities = options.model_output == "probabilities";
    }
    sizes.xai_tris.double_softmax = sizes.xai_tris.double_softmax || options.xai_tris_double_softmax;
    if (!options.scored_rows.empty()) {
        if (options.scored_rows != "cnn" && options.scored_rows != "all-seeds")
            throw Error("--scored-rows: expected cnn or all-seeds; got '" + options.scored_rows + "'");
        sizes.all_seeds_rows = options.scored_rows == "all-seeds";
    }
    return sizes;
}

std::size_t xai_tris_seeds(const ReproduceOptions& options, const ImageExperimentSizes& sizes) {
    return std::max<std::size_t>(1, sizes.max_seeds > 0 ? std::min(options.seeds, sizes.max_seeds) : options.seeds);
}

std::string xai_tris_unit_id(XaiTrisScenario scenario, XaiTrisBackground background, std::size_t repetition) {
    return "images/xai-tris/" + xai_tris_scenario_name(scenario) + "/" + xai_tris_background_name(background) +
           "/seed-" + std::to_string(repetition);
}

std::string clevr_unit_id(const ReproduceOptions& options) {
    return options.clevr_xai_dir.empty() ? "images/clevr-style" : "images/clevr-xai";
}

std::vector<std::string> image_unit_ids(const ReproduceOptions& options, const ImageExperimentSizes& sizes) {
    std::vector<std::string> ids;
    for (const auto& unit : image_units(options, effective_image_sizes(options, sizes))) ids.push_back(unit.id);
    return ids;
}

ImageUnitResult run_image_unit(const std::string& unit_id, const ReproduceOptions& options,
                               const ImageExperimentSizes& requested_sizes) {
    const ImageExperimentSizes sizes = effective_image_sizes(options, requested_sizes);
    const std::vector<ImageUnit> units = image_units(options, sizes);
    const auto unit = std::find_if(units.begin(), units.end(), [&](const ImageUnit& u) { return u.id == unit_id; });
    if (unit == units.end()) {
        std::string known;
        for (const auto& u : units) known += (known.empty() ? "" : ", ") + u.id;
        throw Error("images: no unit '" + unit_id + "' at these settings; the units are " + known);
    }
    const auto start = Clock::now();
    ImageUnitResult result;
    if (unit->clevr)
        run_clevr_unit(result, options, sizes);
    else
        result.xai_tris = run_xai_tris_unit(*unit, options, sizes);
    result.seconds = seconds_since(start);
    return result;
}

ExperimentUnits image_experiment_units(const ReproduceOptions& options, const ImageExperimentSizes& sizes) {
    ExperimentUnits units;
    units.experiment = "images";
    units.unit_ids = image_unit_ids(options, sizes);
    units.run_unit = [options, sizes](const std::string& id) {
        return image_unit_to_json(run_image_unit(id, options, sizes));
    };
    units.assemble = [options, sizes](const std::map<std::string, UnitResult>& results) {
        std::map<std::string, ImageUnitResult> read;
        for (const auto& [id, json] : results) {
            try {
                read[id] = image_unit_from_json(json);
            } catch (const Error& e) {
                throw Error("images: the result of unit " + id + ": " + e.what());
            }
        }
        return assemble_image_experiment(read, options, sizes);
    };
    return units;
}

ExperimentUnits image_experiment_units(const ReproduceOptions& options) {
    return image_experiment_units(options, image_experiment_sizes(options.quick));
}

ExperimentResult run_image_experiment(const ReproduceOptions& options, const ImageExperimentSizes& sizes) {
    return run_every_unit(image_experiment_units(options, sizes), options.quiet);
}

}  // namespace agop
