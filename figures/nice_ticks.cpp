#include "figures/nice_ticks.hpp"

#include <cmath>
#include <cstdio>

#include "autodiff/error.hpp"

namespace agop::cli {

namespace {

// The nice number near x (> 0): rounded to the closest of 1, 2, 5, 10 x 10^k, or the
// smallest of them >= x.
double nice_number(double x, bool round) {
    const double power = std::pow(10.0, std::floor(std::log10(x)));
    const double f = x / power;
    double nice;
    if (round)
        nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * power;
}

}  // namespace

Axis nice_axis(double low, double high, int target_ticks) {
    if (!std::isfinite(low) || !std::isfinite(high) || low > high)
        throw Error("nice_axis: the range [" + std::to_string(low) + ", " + std::to_string(high) +
                    "] must be finite and ordered");
    if (target_ticks < 2) throw Error("nice_axis: target_ticks must be at least 2");
    if (high - low <= 1e-12 * std::max(1.0, std::abs(low))) {
        const double pad = low == 0 ? 1.0 : std::abs(low) * 0.1;
        low -= pad;
        high += pad;
    }
    Axis axis;
    axis.step = nice_number(nice_number(high - low, false) / (target_ticks - 1), true);
    const double first = std::floor(low / axis.step), last = std::ceil(high / axis.step);
    axis.low = first * axis.step;
    axis.high = last * axis.step;
    for (double k = first; k <= last + 0.5; ++k) axis.ticks.push_back(k * axis.step);
    return axis;
}

std::string tick_label(double value, double step) {
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    if (std::abs(value) < step * 1e-6) value = 0.0;  // no "-0"
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

}  // namespace agop::cli
