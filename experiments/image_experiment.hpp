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

#include <vector>

#include "data/xai_tris.hpp"
#include "experiments/experiment_result.hpp"
#include "experiments/image_clevr_style.hpp"
#include "experiments/image_xai_tris.hpp"

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
};

// The full sizes (papers.md Part A) or the `--quick` ones.
ImageExperimentSizes image_experiment_sizes(bool quick);

// runs with image_experiment_sizes(options.quick)
ExperimentResult run_image_experiment(const ReproduceOptions& options);
ExperimentResult run_image_experiment(const ReproduceOptions& options, const ImageExperimentSizes& sizes);

}  // namespace agop
