#pragma once
// A benchmark workload (an id from ../shared/docs/benchmarks.md) and its measured result.

#include <functional>
#include <string>
#include <vector>

#include "bench/timing.hpp"

namespace agop::bench {

struct Measurement {
    std::string id;           // "P0", "T2-vanilla-grad", ...
    std::string description;  // what was run, with its shape
    std::string unit;         // "GFLOP/s", "samples/s", "seconds", "overhead %"
    double value;             // in `unit`
    double median_seconds;    // of one repetition
    int threads;
};

struct Workload {
    std::string id;
    std::string description;
    // Runs the workload at the current thread count and returns its measurements.
    std::function<std::vector<Measurement>(int threads)> run;
};

// `items` (samples, images) processed per repetition -> items per second, unit e.g. "samples/s".
inline Measurement rate_measurement(const std::string& id, const std::string& description, const std::string& unit,
                                    double items, const Timing& t, int threads) {
    return {id, description, unit, items / t.median_seconds, t.median_seconds, threads};
}

// The duration of one repetition, unit "seconds".
inline Measurement seconds_measurement(const std::string& id, const std::string& description, const Timing& t,
                                       int threads) {
    return {id, description, "seconds", t.median_seconds, t.median_seconds, threads};
}

// Every workload compiled into this build, in the order of benchmarks.md.
std::vector<Workload> all_workloads();

}  // namespace agop::bench
