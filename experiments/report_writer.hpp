#pragma once
// Writes what `agop reproduce` found: report.md (every table, the papers' claims with a
// verdict each, the figures), each table as CSV, everything as JSON (tables, claims,
// configuration, seeds, versions, timings), and the figures as PNG.

#include <filesystem>
#include <string>
#include <vector>

#include "experiments/experiment_result.hpp"

namespace agop::cli {

struct RunRecord {
    std::string command_line;  // the canonical command (reproduce_settings.hpp), the same for sharded and merged runs
    ReproduceOptions options;  // options.timings false: no date, no wall times, "not measured" in their place
    int threads = 1;
    double total_seconds = 0.0;
};

void write_report(const std::filesystem::path& dir, const std::vector<ExperimentResult>& results, const RunRecord& run);

}  // namespace agop::cli
