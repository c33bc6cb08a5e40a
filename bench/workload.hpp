#pragma once
// A benchmark workload (an id from ../shared/docs/benchmarks.md) and its measured result.

#include <functional>
#include <string>
#include <vector>

namespace agop::bench {

struct Measurement {
    std::string id;           // "P0", "T2", ...
    std::string description;  // what was run, with its shape
    std::string unit;         // "GFLOP/s", "samples/s", "seconds"
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

// Every workload compiled into this build, in the order of benchmarks.md.
std::vector<Workload> all_workloads();

}  // namespace agop::bench
