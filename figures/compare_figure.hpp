#pragma once
// `agop compare`'s figure: one row per method, one column per metric, each cell a dot at the
// method's rank on that metric (1 = best, at the left) with a line over the ranks its 95%
// interval allows; a last column bars the seconds per row (log scale).

#include <string>
#include <vector>

namespace agop::cli {

struct CompareFigure {
    std::vector<std::string> methods, metrics;
    std::vector<std::vector<double>> rank;                   // [method][metric]
    std::vector<std::vector<double>> best_rank, worst_rank;  // [method][metric]
    std::vector<double> seconds_per_row;                     // [method]
};

// Renders the figure as PNG at `path` (written whole). Throws Error for ragged input.
void write_compare_png(const CompareFigure& figure, const std::string& path);

}  // namespace agop::cli
