#include "experiments/experiment_unit_costs.hpp"

#include <cstddef>

#include "autodiff/error.hpp"
#include "experiments/image_experiment.hpp"
#include "experiments/roar_experiment.hpp"
#include "experiments/tabular_experiment_sizes.hpp"

namespace agop {

namespace {

// Measured CPU seconds (user + system) of single units at the full sizes, one thread, each unit
// alone in its own process (`agop reproduce all --threads 1 --shard k/58`, round-robin then, so
// part k held unit k-1 alone; /usr/bin/time -v; 2-core AMD EPYC, OPENBLAS_CORETYPE=Haswell,
// AGOP_DATA_DIR=/work/shared/data), minus the 0.3 s a process takes to start and write its part.
// XAI-TRIS at 100 epochs: training share from the unit's own stage seconds (train_seconds of
// seconds, seed 1 of every scenario).
constexpr double kTabularSeed0 = 6.0;      // a task's seed 0: the K sweep and the randomisation check too
constexpr double kTabularOtherSeed = 3.0;  // a task's seeds 1, 2, ...
constexpr double kRoarAdult = 32.0, kRoarCredit = 32.0;
constexpr double kClevrStyle = 229.0;  // ResNet-18 pretraining, fine-tuning, explaining (2,500 scenes)
constexpr double kXaiTrisSeed0 = 8.0;  // heat maps and diag(M) per epoch too
constexpr double kXaiTrisOtherSeed = 5.0;
constexpr double kXaiTrisSanityCheck = 2.0;     // the randomisation check of LIN/white seed 0
constexpr double kXaiTrisTrainingShare = 0.47;  // of an XAI-TRIS unit's time at 100 epochs
constexpr std::size_t kMeasuredXaiTrisEpochs = 100;

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// The repetition r of "...seed-<r>" (0 when the id ends otherwise).
bool is_seed_zero(const std::string& id) {
    const std::string tail = "/seed-0";
    return id.size() >= tail.size() && id.compare(id.size() - tail.size(), tail.size(), tail) == 0;
}

double ratio(std::size_t now, std::size_t measured) { return static_cast<double>(now) / static_cast<double>(measured); }

// A tabular unit: every method's cost is linear in the rows it explains and in LIME's samples.
double tabular_seconds(const std::string& id, const ReproduceOptions& options) {
    const TabularExperimentSizes sizes =
        options.quick ? TabularExperimentSizes::quick() : TabularExperimentSizes::full();
    const TabularExperimentSizes full = TabularExperimentSizes::full();
    return (is_seed_zero(id) ? kTabularSeed0 : kTabularOtherSeed) *
           ratio(sizes.explained_samples, full.explained_samples) * ratio(sizes.samples, full.samples);
}

// A ROAR unit: attributing, modifying and retraining are each linear in the training rows.
double roar_seconds(const std::string& id, const ReproduceOptions& options) {
    const RoarExperimentSizes sizes = options.quick ? RoarExperimentSizes::quick() : RoarExperimentSizes::full();
    const RoarExperimentSizes full = RoarExperimentSizes::full();
    const double measured = id == "tabular-roar/adult" ? kRoarAdult : kRoarCredit;
    return measured * ratio(sizes.train_rows, full.train_rows) * ratio(sizes.retrain_seeds + 1, full.retrain_seeds + 1);
}

// An image unit: XAI-TRIS training scales with epochs x samples, its scoring with the samples;
// the CLEVR run with scenes x pixels x epochs.
double image_seconds(const std::string& id, const ReproduceOptions& options) {
    const ImageExperimentSizes sizes = effective_image_sizes(options, image_experiment_sizes(options.quick));
    const ImageExperimentSizes full = image_experiment_sizes(false);
    if (starts_with(id, "images/clevr")) {
        const ClevrStyleRunSizes& c = sizes.clevr;
        const ClevrStyleRunSizes& f = full.clevr;
        return kClevrStyle * ratio(c.n_images, f.n_images) *
               ratio(c.image_size * c.image_size, f.image_size * f.image_size) *
               ratio(c.pretrain_epochs + c.finetune_epochs, f.pretrain_epochs + f.finetune_epochs);
    }
    const XaiTrisRunSizes& x = sizes.xai_tris;
    const double samples = ratio(x.n_samples, full.xai_tris.n_samples);
    const double epochs = ratio(x.epochs, kMeasuredXaiTrisEpochs);
    double seconds = is_seed_zero(id) ? kXaiTrisSeed0 : kXaiTrisOtherSeed;
    seconds *= samples * (kXaiTrisTrainingShare * epochs + (1.0 - kXaiTrisTrainingShare));
    if (id == xai_tris_unit_id(sizes.scenarios.front(), sizes.backgrounds.front(), 0))
        seconds += kXaiTrisSanityCheck * samples;
    return seconds;
}

}  // namespace

double estimated_unit_seconds(const std::string& unit_id, const ReproduceOptions& options) {
    if (starts_with(unit_id, "tabular-roar/")) return roar_seconds(unit_id, options);
    if (starts_with(unit_id, "tabular/")) return tabular_seconds(unit_id, options);
    if (starts_with(unit_id, "images/")) return image_seconds(unit_id, options);
    throw Error("agop reproduce: no cost estimate for unit '" + unit_id +
                "' (expected tabular/..., tabular-roar/... or images/...)");
}

}  // namespace agop
