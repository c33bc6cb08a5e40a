#pragma once
// How every benchmark is timed: one warm-up run, then the median of `repetitions` runs.

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include "autodiff/wall_time.hpp"

namespace agop::bench {

struct Timing {
    double median_seconds;
    double min_seconds;
    int repetitions;
};

inline Timing timing_of(std::vector<double> seconds) {
    std::sort(seconds.begin(), seconds.end());
    return {seconds[seconds.size() / 2], seconds.front(), static_cast<int>(seconds.size())};
}

template <class F>
double seconds_of(F&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return seconds_since(start);
}

template <class F>
Timing time_median(F&& work, int repetitions = 5) {
    work();  // warm-up: caches, thread pools, first-touch allocations
    std::vector<double> seconds;
    for (int i = 0; i < repetitions; ++i) seconds.push_back(seconds_of(work));
    return timing_of(std::move(seconds));
}

// Several variants of one job timed in turns (a, b, c, a, b, c, ...) after one warm-up of
// each, so that a change of machine load hits every variant alike: what a comparison of
// variants (training with and without a hook) needs on a shared machine.
inline std::vector<Timing> time_interleaved(const std::vector<std::function<void()>>& variants,
                                            int repetitions = 5) {
    for (const auto& work : variants) work();
    std::vector<std::vector<double>> seconds(variants.size());
    for (int i = 0; i < repetitions; ++i)
        for (std::size_t v = 0; v < variants.size(); ++v) seconds[v].push_back(seconds_of(variants[v]));
    std::vector<Timing> timings;
    for (auto& s : seconds) timings.push_back(timing_of(std::move(s)));
    return timings;
}

}  // namespace agop::bench
