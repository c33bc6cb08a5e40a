#include "nn/lr_schedule.hpp"

#include <cmath>

#include "autodiff/error.hpp"

namespace agop::nn {

double LrSchedule::at(double base_lr, std::size_t epoch) const {
    switch (kind) {
        case Kind::constant: return base_lr;
        case Kind::step:
            if (step_size == 0) throw Error("LrSchedule: the step schedule needs step_size >= 1");
            return base_lr * std::pow(gamma, static_cast<double>(epoch / step_size));
        case Kind::cosine: {
            if (total_epochs == 0) throw Error("LrSchedule: the cosine schedule needs total_epochs >= 1");
            const double pi = std::acos(-1.0);
            return min_lr + (base_lr - min_lr) * (1.0 + std::cos(pi * static_cast<double>(epoch) / total_epochs)) / 2.0;
        }
    }
    return base_lr;
}

}  // namespace agop::nn
