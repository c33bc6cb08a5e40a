#include "nn/trainer.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/rng.hpp"
#include "autodiff/wall_time.hpp"

namespace agop::nn {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::size_t> epoch_order(const std::vector<int>& labels, std::size_t classes,
                                     TrainerConfig::Sampling sampling, Rng& rng) {
    if (sampling == TrainerConfig::Sampling::plain) return rng.permutation(labels.size());
    std::vector<std::vector<std::size_t>> by_class(classes);
    for (std::size_t i = 0; i < labels.size(); ++i) by_class[labels[i]].push_back(i);
    std::vector<std::size_t> present;
    for (std::size_t c = 0; c < classes; ++c)
        if (!by_class[c].empty()) present.push_back(c);
    std::vector<std::size_t> order(labels.size());
    for (auto& index : order) {
        const auto& rows = by_class[present[rng.uniform_index(present.size())]];
        index = rows[rng.uniform_index(rows.size())];
    }
    return order;
}

// Mean cross-entropy of scores (N, C) in double precision, with the max subtracted.
double mean_cross_entropy(const Tensor& scores, const std::vector<int>& labels) {
    const std::size_t n = labels.size(), c = scores.size() / n;
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const float* row = scores.data() + i * c;
        double top = row[0], sum = 0.0;
        for (std::size_t k = 1; k < c; ++k) top = std::max<double>(top, row[k]);
        for (std::size_t k = 0; k < c; ++k) sum += std::exp(row[k] - top);
        total += top + std::log(sum) - row[labels[i]];
    }
    return total / n;
}

double mean_squared_error(const Tensor& predictions, const Tensor& targets) {
    double total = 0.0;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const double d = static_cast<double>(predictions.data()[i]) - targets.data()[i];
        total += d * d;
    }
    return total / static_cast<double>(targets.size());
}

// The batch loss: cross-entropy of the scores, or for regression the mean squared error
// between the one output (B, 1) and the targets.
Var batch_loss_of(Tape& tape, const Var& scores, const LabelledData& data, const std::vector<std::size_t>& rows,
                  const std::vector<int>& labels) {
    if (!data.regression()) return cross_entropy(scores, labels);
    const Var difference = sub(scores, tape.constant(gather_rows(data.targets, rows)));
    return mean(mul(difference, difference));
}

std::vector<std::pair<std::string, Tensor>> copy_state(Model& model) {
    std::vector<std::pair<std::string, Tensor>> copy;
    for (auto& [name, tensor] : model.state()) copy.emplace_back(name, *tensor);
    return copy;
}

void restore_state(Model& model, const std::vector<std::pair<std::string, Tensor>>& saved) {
    auto state = model.state();
    for (std::size_t i = 0; i < state.size(); ++i) *state[i].second = saved[i].second;
}

bool all_finite(Model& model) {
    for (auto& [name, tensor] : model.state())
        for (const float v : *tensor)
            if (!std::isfinite(v)) return false;
    return true;
}

// A regression's loss is the mean squared error of standardised targets; it has no accuracy.
void print_progress(const EpochSummary& s, std::size_t epochs, bool has_validation, bool regression,
                    double eta_seconds) {
    std::fprintf(stderr, "epoch %zu/%zu  loss %.4f", s.epoch + 1, epochs, s.train_loss);
    if (!regression) std::fprintf(stderr, "  acc %.4f", s.train_accuracy);
    if (has_validation) std::fprintf(stderr, "  val_loss %.4f", s.validation_loss);
    if (has_validation && !regression) std::fprintf(stderr, "  val_acc %.4f", s.validation_accuracy);
    std::fprintf(stderr, "  lr %.3g  %.0f samples/s  ETA %.0fs\n", s.learning_rate, s.samples_per_second, eta_seconds);
}

using WeightCopy = std::vector<std::pair<std::string, Tensor>>;

// The weights training keeps: those of the best epoch by the validation monitor, and how many
// epochs have passed without improving on it.
struct BestSoFar {
    double monitored = 0.0;
    WeightCopy state;
    std::size_t epochs_without_improvement = 0;
};

// Restores the weights to keep and throws TrainingDiverged naming the batch and those weights.
[[noreturn]] void stop_diverged(Model& model, const BestSoFar& best, const WeightCopy& epoch_start_state,
                                std::size_t best_epoch, std::size_t epoch, std::size_t batch, double batch_loss) {
    const bool has_best = !best.state.empty();
    restore_state(model, has_best ? best.state : epoch_start_state);
    const std::string kept = has_best     ? "the best validation weights (epoch " + std::to_string(best_epoch + 1) + ")"
                             : epoch == 0 ? "its initial weights"
                                          : "the weights at the end of epoch " + std::to_string(epoch);
    throw TrainingDiverged(
        "training diverged at epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(batch + 1) + ": " +
        (std::isfinite(batch_loss) ? "a weight became non-finite" : "the loss is " + std::to_string(batch_loss)) +
        " (is the learning rate too high?); the model keeps " + kept);
}

// One pass over the training rows in `order`, an optimizer step per batch, into the summary's
// training loss and accuracy.
void train_epoch(Model& model, Optimizer& optimizer, const LabelledData& train, const std::vector<std::size_t>& order,
                 const TrainerConfig& config, const std::vector<TrainingHook*>& hooks, const BestSoFar& best,
                 std::size_t best_epoch, EpochSummary& summary) {
    const std::size_t epoch = summary.epoch;
    const auto epoch_start_state = copy_state(model);
    double loss_sum = 0.0, correct = 0.0;
    for (std::size_t begin = 0, batch = 0; begin < order.size(); begin += config.batch_size, ++batch) {
        const std::vector<std::size_t> rows(order.begin() + begin,
                                            order.begin() + std::min(order.size(), begin + config.batch_size));
        Tensor inputs = gather_rows(train.inputs, rows);
        std::vector<int> labels(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) labels[i] = train.labels[rows[i]];

        optimizer.zero_grad();
        Tape tape;
        Var scores = model.forward(tape, tape.constant(inputs));
        Var loss = batch_loss_of(tape, scores, train, rows, labels);
        tape.backward(loss);
        optimizer.step();

        const double batch_loss = loss.value().data()[0];
        if (!std::isfinite(batch_loss) || !all_finite(model))
            stop_diverged(model, best, epoch_start_state, best_epoch, epoch, batch, batch_loss);
        loss_sum += batch_loss * rows.size();
        if (!train.regression()) correct += accuracy(scores.value(), labels) * rows.size();
        const BatchEnd end{epoch, batch, inputs, labels, batch_loss};
        for (auto* hook : hooks) hook->on_batch_end(model, end);
    }
    summary.train_loss = loss_sum / order.size();
    summary.train_accuracy = correct / order.size();
}

// Whether the epoch improved on the best so far (always without validation rows); keeps its
// weights when asked to.
void note_improvement(Model& model, const EpochSummary& summary, bool has_validation, const TrainerConfig& config,
                      BestSoFar& best, TrainingResult& result) {
    bool improved = true;
    if (has_validation) {
        const double value = config.monitor == TrainerConfig::Monitor::validation_loss ? summary.validation_loss
                                                                                       : -summary.validation_accuracy;
        improved = summary.epoch == 0 || value < best.monitored;
        if (improved) best.monitored = value;
    }
    if (improved) {
        result.best_epoch = summary.epoch;
        best.epochs_without_improvement = 0;
        if (has_validation && config.keep_best) best.state = copy_state(model);
    } else {
        ++best.epochs_without_improvement;
    }
}

}  // namespace

std::pair<double, double> evaluate_classifier(Model& model, const LabelledData& data, std::size_t batch_size) {
    check_labelled_data(data, model.num_classes(), "the evaluated rows");
    const Tensor scores = model.predict(data.inputs, batch_size);
    if (data.regression()) return {mean_squared_error(scores, data.targets), 0.0};
    return {mean_cross_entropy(scores, data.labels), accuracy(scores, data.labels)};
}

TrainingResult train_classifier(Model& model, Optimizer& optimizer, const LabelledData& train,
                                const LabelledData* validation, const TrainerConfig& config,
                                const std::vector<TrainingHook*>& hooks) {
    check_labelled_data(train, model.num_classes(), "the training rows");
    if (validation) check_labelled_data(*validation, model.num_classes(), "the validation rows");
    if (config.batch_size == 0) throw Error("the batch size must be at least 1");
    const double base_lr = optimizer.learning_rate();
    Rng rng(config.seed);
    TrainingResult result;
    BestSoFar best;
    const auto start = Clock::now();

    for (std::size_t epoch = 0; epoch < config.epochs; ++epoch) {
        const auto epoch_start = Clock::now();
        EpochSummary summary;
        summary.epoch = epoch;
        summary.learning_rate = config.schedule.at(base_lr, epoch);
        optimizer.set_learning_rate(static_cast<float>(summary.learning_rate));
        for (auto* hook : hooks) hook->on_epoch_begin(model, epoch);
        model.train();
        const auto order = epoch_order(train.labels, model.num_classes(), config.sampling, rng);
        train_epoch(model, optimizer, train, order, config, hooks, best, result.best_epoch, summary);
        if (validation)
            std::tie(summary.validation_loss, summary.validation_accuracy) = evaluate_classifier(model, *validation);
        summary.seconds = seconds_since(epoch_start);
        summary.samples_per_second = order.size() / std::max(summary.seconds, 1e-9);
        result.history.push_back(summary);
        for (auto* hook : hooks) hook->on_epoch_end(model, summary);
        note_improvement(model, summary, validation != nullptr, config, best, result);
        if (!config.quiet)
            print_progress(summary, config.epochs, validation != nullptr, train.regression(),
                           seconds_since(start) / (epoch + 1) * (config.epochs - epoch - 1));
        if (validation && config.patience > 0 && best.epochs_without_improvement >= config.patience) {
            result.stopped_early = true;
            break;
        }
    }
    if (!best.state.empty())
        restore_state(model, best.state);
    else if (!result.history.empty()) result.best_epoch = result.history.size() - 1;
    return result;
}

}  // namespace agop::nn
