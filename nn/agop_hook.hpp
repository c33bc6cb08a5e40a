#pragma once
// The AGOP training hook: accumulates, on the training batches, the same AGOP as
// compute_agop (agop.hpp), with the weights of the moment (after the batch's update).
//
// Accumulation (default last_epoch): the running mean over the batches of the current
// epoch, reset at each epoch start, so at the end of training it covers the last epoch;
// cumulative: the mean over every batch of every epoch; ema: M = decay M + (1 - decay)
// M_batch, M_batch the batch's mean. Only every k-th batch of an epoch (batches 0, k, 2k,
// ...) is used: the lever on its cost, which is C extra backward sweeps per used batch.
// A snapshot of the estimate is kept at each epoch end.

#include <vector>

#include "nn/agop.hpp"
#include "nn/training_hook.hpp"

namespace agop::nn {

struct AgopHookOptions {
    AgopOptions agop;
    enum class Accumulation { last_epoch, cumulative, ema };
    Accumulation accumulation = Accumulation::last_epoch;
    double ema_decay = 0.9;
    std::size_t every_k_batches = 1;
    bool keep_snapshots = true;
};

class AgopHook : public TrainingHook {
  public:
    explicit AgopHook(const AgopHookOptions& options);

    void on_epoch_begin(Model& model, std::size_t epoch) override;
    void on_batch_end(Model& model, const BatchEnd& batch) override;
    void on_epoch_end(Model& model, const EpochSummary& summary) override;

    // The current estimate: (d, d), or the sample's shape when diagonal. Throws before any batch.
    Tensor agop() const;
    // One estimate per finished epoch.
    const std::vector<Tensor>& snapshots() const { return snapshots_; }
    // The rows behind each snapshot (the samples of the batches it used), one per snapshot.
    const std::vector<std::size_t>& snapshot_rows() const { return snapshot_rows_; }
    std::size_t samples_seen() const { return samples_; }
    // Wall time spent inside the hook, for its overhead over training.
    double seconds() const { return seconds_; }

  private:
    AgopHookOptions options_;
    Tensor sum_;  // last_epoch / cumulative: sum over samples; ema: the average itself
    std::size_t samples_ = 0;
    std::vector<Tensor> snapshots_;
    std::vector<std::size_t> snapshot_rows_;
    double seconds_ = 0.0;
};

}  // namespace agop::nn
