#pragma once
// The XAI-TRIS tables of the image experiment, one function per table group, from the runs of
// every seed and setting. Every table gives each setting's test accuracy and marks the settings
// whose models are near chance (experiments/image_explanations.hpp: setting_accuracy).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "experiments/image_claims.hpp"
#include "experiments/image_experiment.hpp"
#include "experiments/published_pointing_game.hpp"

namespace agop {

using XaiTrisSetting = std::pair<XaiTrisScenario, XaiTrisBackground>;

// Mean and 95% interval over seeds; a single seed gives the number alone (no interval).
Cell over_seeds(const std::vector<double>& values);

// "lin/white".
std::string setting_name(const XaiTrisSetting& setting);

// The runs of every seed and setting, runs[seed][setting], with each setting's accuracy.
struct XaiTrisResults {
    std::vector<XaiTrisSetting> settings;
    std::vector<std::vector<XaiTrisRun>> runs;
    std::vector<SettingAccuracy> accuracy;  // per setting, over every seed's model
};

// From the units' results; throws agop::Error naming a unit that is missing or not an XAI-TRIS
// result of its setting.
XaiTrisResults xai_tris_results(const std::map<std::string, ImageUnitResult>& units, std::size_t seeds,
                                const std::vector<XaiTrisSetting>& settings);

// What the XAI-TRIS tables pass on to the claims and to the published pointing-game comparison.
struct XaiTrisFindings {
    ImageClaimInputs claims;
    PointingGameValues pointing_game;                          // white background rows
    std::map<std::string, SettingAccuracy> pointing_accuracy;  // those rows' accuracy
};

// Tables "xai_tris" (every metric) and "xai_tris_miou" (the headline), the heat maps of seed 0.
void add_localisation_tables(ExperimentResult& result, XaiTrisResults& results, const ImageExperimentSizes& sizes,
                             XaiTrisFindings& findings);

// Table "agop_estimate": every estimate of diag(M) on the same trained models.
Table agop_estimate_table(const XaiTrisResults& results, const ImageExperimentSizes& sizes,
                          const ReproduceOptions& options);

// Tables "agop_over_epochs", "agop_over_epochs_trend" and their charts (seed 0).
void add_epoch_tables(ExperimentResult& result, const XaiTrisResults& results, const ImageExperimentSizes& sizes,
                      XaiTrisFindings& findings);

// Table "image_sanity": the model-randomisation check of seed 0.
void add_sanity_table(ExperimentResult& result, const XaiTrisResults& results, const ImageExperimentSizes& sizes);

// The quick run's note on a table (none for a full run).
void add_quick_note(Table& t, bool quick);
std::string quick_note();

}  // namespace agop
