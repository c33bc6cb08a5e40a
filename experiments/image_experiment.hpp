#pragma once
// The image experiments of "AGOP as Explanation" (papers.md Part B §2) as one call of
// `agop reproduce images`:
//   1. XAI-TRIS: 4 scenarios x 2 backgrounds x seeds, CNN8by8 trained with the AGOP hook,
//      8 methods scored on the correctly classified test samples
//      -> tables "xai_tris", "xai_tris_miou"; grids "xai_tris_<scenario>_<background>.png"
//   2. diag(M) across training (seed 0): AGOP-Global quality per epoch
//      -> tables "agop_over_epochs", "agop_over_epochs_trend"; charts "agop_over_epochs.png",
//         "agop_over_epochs_accuracy.png"
//   3. CLEVR-XAI-style stand-in scenes, ResNet-18 (one seed) -> table "clevr_style", grid "clevr_style.png"
//   4. the paper's claims (§2.6), each supported or not by these numbers
//   5. model-randomisation sanity check (XAI-TRIS LIN, white) -> table "image_sanity"
//
// The work is a list of independent units, each seeded on its own so that any subset runs in any
// process in any order with the same results (`agop reproduce --shard i/n`):
//   "images/clevr-style" or "images/clevr-xai"    the CLEVR run (one seed); first, as the longest
//                                                  and, for the release, the one that reads a folder
//   "images/xai-tris/<scenario>/<background>/seed-<r>"   one XAI-TRIS training, r = 0, 1, ...
// The diag(M)-across-training study and the AGOP-estimate study come from the same trainings
// (seed 0, and every seed), so they are parts of the XAI-TRIS units, not units of their own.
// assemble_image_experiment builds every table, figure and claim from the units' results alone.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "experiments/experiment_result.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/image_clevr_style.hpp"
#include "experiments/image_clevr_xai.hpp"
#include "experiments/image_xai_tris.hpp"
#include "experiments/xai_tris.hpp"

namespace agop {

// Every size of the experiment, so that tests and `--quick` can shrink it.
struct ImageExperimentSizes {
    XaiTrisRunSizes xai_tris;
    std::vector<XaiTrisScenario> scenarios = {XaiTrisScenario::linear, XaiTrisScenario::multiplicative,
                                              XaiTrisScenario::rigid, XaiTrisScenario::xor_};
    std::vector<XaiTrisBackground> backgrounds = {XaiTrisBackground::white, XaiTrisBackground::correlated};
    std::size_t max_seeds = 0;       // caps options.seeds for XAI-TRIS; 0: no cap
    ClevrStyleRunSizes clevr;
    bool run_clevr = true;
    bool run_sanity_check = true;
    std::size_t grid_rows = 4;       // test samples per heat-map grid
    bool quick = false;              // says in every output that the numbers are a smoke test
    // --scored-rows all-seeds: the seeds of a setting share one data set (repetition 0's) and are
    // scored on the test rows every seed's model classifies correctly (the first
    // xai_tris.max_explained of them); false (cnn): each model on the rows it classifies correctly.
    bool all_seeds_rows = false;
};

// The full sizes (papers.md Part A) or the `--quick` ones.
ImageExperimentSizes image_experiment_sizes(bool quick);

// What one unit returns: everything the tables, claims, heat maps and charts need from it,
// wall times included (measured always; the assembly shows none when options.timings is false).
struct ImageUnitResult {
    std::optional<XaiTrisRun> xai_tris;                 // an XAI-TRIS unit
    std::optional<ClevrStyleRun> clevr;                 // the CLEVR unit (stand-in or release)
    std::optional<ClevrXaiTaskSummary> clevr_xai_task;  // the release's unit: what was read
    double reading_seconds = 0.0;                       // the release's unit: reading it
    double seconds = 0.0;                               // wall time of the whole unit
};

// `sizes` with the options' overrides applied (--agop-estimate, --agop-estimate-study).
ImageExperimentSizes effective_image_sizes(const ReproduceOptions& options, const ImageExperimentSizes& sizes);
// XAI-TRIS repetitions: options.seeds capped by sizes.max_seeds (0: no cap), at least 1.
std::size_t xai_tris_seeds(const ReproduceOptions& options, const ImageExperimentSizes& sizes);

// "images/xai-tris/lin/white/seed-2"; "images/clevr-style" or, with options.clevr_xai_dir,
// "images/clevr-xai".
std::string xai_tris_unit_id(XaiTrisScenario scenario, XaiTrisBackground background, std::size_t repetition);
std::string clevr_unit_id(const ReproduceOptions& options);

// The units of the experiment at these options and sizes, in their canonical order.
std::vector<std::string> image_unit_ids(const ReproduceOptions& options, const ImageExperimentSizes& sizes);

// Runs the unit `unit_id` (one of image_unit_ids). Throws agop::Error for an unknown id, listing
// the known ones.
ImageUnitResult run_image_unit(const std::string& unit_id, const ReproduceOptions& options,
                               const ImageExperimentSizes& sizes);

// Every table, figure, claim, setting and timing of the experiment from the results of all its
// units (keyed by id; in any order, from any processes). Throws agop::Error naming a unit that is
// missing, one that is not of this experiment, or a result that is not of its unit's kind.
ExperimentResult assemble_image_experiment(const std::map<std::string, ImageUnitResult>& units,
                                           const ReproduceOptions& options, const ImageExperimentSizes& sizes);

// The experiment as units for `agop reproduce --shard/--merge` (experiments/experiment_units.hpp):
// run_image_unit and assemble_image_experiment, each result through experiments/image_unit_json.hpp.
// The one-argument form uses image_experiment_sizes(options.quick) (and is declared there).
ExperimentUnits image_experiment_units(const ReproduceOptions& options, const ImageExperimentSizes& sizes);

// run_every_unit(image_experiment_units(...)): every unit, each result through JSON text as a
// merge reads it, then the assembly.
ExperimentResult run_image_experiment(const ReproduceOptions& options, const ImageExperimentSizes& sizes);

}  // namespace agop
