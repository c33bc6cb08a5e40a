#pragma once
// `agop compare`'s leaderboard: methods x metrics, each cell a mean over rows with its 95%
// interval (eval/summary), the method's rank on that metric (1 = best; the metric's direction
// from eval/attribution_scorecard) and the range of ranks its interval allows, plus seconds
// per row. Written as compare.md, compare.csv and compare.json, and printed as a table.

#include <filesystem>
#include <string>
#include <vector>

#include "eval/summary.hpp"

namespace agop::cli {

struct LeaderboardCell {
    MeanInterval value;
    double rank = 0.0;                          // 1 = best; ties share the average rank
    std::size_t best_rank = 0, worst_rank = 0;  // ranks the 95% intervals allow
};

struct LeaderboardRow {
    std::string method;
    double seconds_per_row = 0.0;
    std::vector<LeaderboardCell> cells;  // one per metric
};

struct Leaderboard {
    std::vector<std::string> metrics;
    std::vector<LeaderboardRow> rows;
    // The random-order reference of deletion and insertion (shared by every method):
    // metric name -> value; empty when neither was scored.
    std::vector<std::pair<std::string, MeanInterval>> references;
    std::vector<std::pair<std::string, std::string>> settings;  // what was run, for the files' headers
};

// Fills every cell's rank and rank range from the values (directions by metric name).
void rank_methods(Leaderboard& board);

// The three files, each whole; returns their paths.
std::vector<std::filesystem::path> write_leaderboard(const std::filesystem::path& dir, const Leaderboard& board);

// The leaderboard as an aligned text table (one line per method, "mean ±half (rank)").
std::string leaderboard_table(const Leaderboard& board);

}  // namespace agop::cli
