#pragma once
// How every benchmark is timed: one warm-up run, then the median of `repetitions` runs.

#include <algorithm>
#include <chrono>
#include <vector>

namespace agop::bench {

struct Timing {
    double median_seconds;
    double min_seconds;
    int repetitions;
};

template <class F>
Timing time_median(F&& work, int repetitions = 5) {
    work();  // warm-up: caches, thread pools, first-touch allocations
    std::vector<double> seconds;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    return {seconds[seconds.size() / 2], seconds.front(), repetitions};
}

}  // namespace agop::bench
