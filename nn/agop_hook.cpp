#include "nn/agop_hook.hpp"

#include <chrono>

#include "autodiff/error.hpp"
#include "autodiff/wall_time.hpp"

namespace agop::nn {

AgopHook::AgopHook(const AgopHookOptions& options) : options_(options) {
    if (options.every_k_batches == 0) throw Error("AgopHook: every_k_batches must be at least 1");
    if (!(options.ema_decay >= 0.0 && options.ema_decay < 1.0))
        throw Error("AgopHook: ema_decay must lie in [0, 1), got " + std::to_string(options.ema_decay));
}

void AgopHook::on_epoch_begin(Model&, std::size_t) {
    if (options_.accumulation == AgopHookOptions::Accumulation::last_epoch) {
        sum_ = Tensor();
        samples_ = 0;
    }
}

void AgopHook::on_batch_end(Model& model, const BatchEnd& batch) {
    if (batch.batch % options_.every_k_batches != 0) return;
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = batch.labels.size();
    if (options_.accumulation == AgopHookOptions::Accumulation::ema) {
        Tensor batch_sum;
        add_agop_sum(model, batch.inputs, &batch.labels, options_.agop, batch_sum);
        batch_sum /= static_cast<float>(n);
        if (samples_ == 0) {
            sum_ = std::move(batch_sum);
        } else {
            const float decay = static_cast<float>(options_.ema_decay);
            float* m = sum_.data();
            const float* b = batch_sum.data();
            for (std::size_t k = 0; k < sum_.size(); ++k) m[k] = decay * m[k] + (1.0f - decay) * b[k];
        }
    } else {
        add_agop_sum(model, batch.inputs, &batch.labels, options_.agop, sum_);
    }
    samples_ += n;
    seconds_ += seconds_since(start);
}

void AgopHook::on_epoch_end(Model&, const EpochSummary&) {
    if (options_.keep_snapshots && samples_ > 0) {
        snapshots_.push_back(agop());
        snapshot_rows_.push_back(samples_);
    }
}

Tensor AgopHook::agop() const {
    if (samples_ == 0) throw Error("AgopHook: no batch has been accumulated yet");
    if (options_.accumulation == AgopHookOptions::Accumulation::ema) return sum_;
    Tensor mean = sum_;
    mean /= static_cast<float>(samples_);
    return mean;
}

}  // namespace agop::nn
