#pragma once
// `agop bench`: runs the workloads of ../shared/docs/benchmarks.md and writes bench.json.

#include <CLI/CLI.hpp>

namespace agop::cli {

void add_bench_command(CLI::App& app);

}  // namespace agop::cli
