#pragma once
// `agop evaluate`: scores attributions (.npy) against ground truth (.npy) with any metric.

#include <CLI/CLI.hpp>

namespace agop::cli {

void add_evaluate_command(CLI::App& app);

}  // namespace agop::cli
