#pragma once
// Axis ticks at "nice" values: steps of 1, 2 or 5 x 10^k (Heckbert, "Nice numbers for graph
// labels", Graphics Gems, 1990), on an axis widened to whole steps.

#include <string>
#include <vector>

namespace agop::cli {

struct Axis {
    double low = 0, high = 1, step = 0.2;  // low and high are multiples of step, low <= data <= high
    std::vector<double> ticks;             // low, low + step, ..., high
};

// An axis covering [low, high] with about `target_ticks` (>= 2) ticks. A zero-width range is
// widened around its value; non-finite bounds or low > high are an Error.
Axis nice_axis(double low, double high, int target_ticks = 5);

// A tick's label with as many decimals as the step needs ("0.2", "-1.5", "2000", "0").
std::string tick_label(double value, double step);

}  // namespace agop::cli
