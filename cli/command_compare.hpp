#pragma once
// `agop compare`: which explanation to trust on this model. Runs every method the model
// supports (or --methods) on the same rows, scores each with every metric without ground
// truth (eval/attribution_scorecard), and writes the leaderboard (compare.md, .csv, .json)
// and its figure (compare.png) into --out.

#include <CLI/CLI.hpp>

namespace agop::cli {

void add_compare_command(CLI::App& app);

}  // namespace agop::cli
