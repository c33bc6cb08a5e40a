#pragma once
// Mini-batch training of a classifier with cross-entropy on its outputs, or of a regression
// model (LabelledData::targets, one output) with the mean squared error.
//
// Each epoch: the learning rate from the schedule, a seeded shuffle (plain sampling: a
// permutation; class-balanced: N draws, each a uniform class then a uniform row of it),
// forward / backward / optimiser step per batch, hooks at batch ends, then the validation
// loss and accuracy. Early stopping ends training after `patience` epochs without a
// better validation value; with `keep_best` the best-validation weights (parameters and
// buffers) are restored at the end, as XAI-TRIS does. A progress line per epoch goes to
// stderr unless `quiet`.
//
// Training that diverges stops: after every step the batch loss and every parameter and
// buffer must be finite. If not, the model is given back its last good weights (the
// best-validation snapshot when `keep_best` has one, else the weights at the start of
// the diverging epoch, which every step before had checked finite) and TrainingDiverged
// is thrown, naming the epoch and batch (both from 1).

#include <cstdint>
#include <vector>

#include "autodiff/error.hpp"
#include "nn/labelled_data.hpp"
#include "nn/lr_schedule.hpp"
#include "nn/optimizer.hpp"
#include "nn/training_hook.hpp"

namespace agop::nn {

struct TrainerConfig {
    std::size_t epochs = 10;
    std::size_t batch_size = 128;
    std::uint64_t seed = 0;
    enum class Sampling { plain, class_balanced };
    Sampling sampling = Sampling::plain;
    enum class Monitor { validation_loss, validation_accuracy };
    Monitor monitor = Monitor::validation_loss;
    std::size_t patience = 0;  // 0: never stop early
    bool keep_best = true;     // needs validation data
    LrSchedule schedule;
    bool quiet = false;
};

struct TrainingResult {
    std::vector<EpochSummary> history;
    std::size_t best_epoch = 0;  // the epoch whose weights the model holds at the end
    bool stopped_early = false;
};

// A non-finite loss, parameter or buffer: the message names the epoch, the batch and
// which weights the model now holds.
class TrainingDiverged : public Error {
  public:
    using Error::Error;
};

// Trains `model` in place. `validation` may be null (no early stopping or best weights then).
// Throws TrainingDiverged (see above), and Error for labels outside the model's classes.
TrainingResult train_classifier(Model& model, Optimizer& optimizer, const LabelledData& train,
                                const LabelledData* validation, const TrainerConfig& config,
                                const std::vector<TrainingHook*>& hooks = {});

// Mean cross-entropy of the model's outputs and accuracy, in eval mode: {loss, accuracy};
// for a regression set {mean squared error, 0}.
std::pair<double, double> evaluate_classifier(Model& model, const LabelledData& data, std::size_t batch_size = 512);

}  // namespace agop::nn
