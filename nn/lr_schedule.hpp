#pragma once
// Learning-rate schedules, evaluated per epoch (epoch 0 = the first), as PyTorch's
// schedulers stepped once per epoch:
//   constant: lr0
//   step:     lr0 * gamma^floor(epoch / step_size)                       (StepLR)
//   cosine:   min + (lr0 - min) (1 + cos(pi * epoch / total_epochs)) / 2  (CosineAnnealingLR)

#include <cstddef>

namespace agop::nn {

struct LrSchedule {
    enum class Kind { constant, step, cosine };
    Kind kind = Kind::constant;
    std::size_t step_size = 30;    // step
    double gamma = 0.1;            // step
    std::size_t total_epochs = 1;  // cosine (T_max)
    double min_lr = 0.0;           // cosine (eta_min)

    // The learning rate for `epoch` given the initial rate.
    double at(double base_lr, std::size_t epoch) const;
};

}  // namespace agop::nn
