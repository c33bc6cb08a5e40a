#pragma once
// `agop explain --csv ... --figures`: the figures of a tabular explanation, in OUT/figures_<method>/:
//   row_<line>.png/.svg   signed bars per original feature, labelled "feature = value", titled with
//                         the prediction (class and probability, or the predicted value), for the
//                         first `bar_rows` rows (so a million-row run does not draw a million);
//   mean_abs.png/.svg     mean |attribution| per feature over all rows;
//   scatter.png/.svg      attribution against feature value, one row of dots per feature: every
//                         row when there are at most `sample_rows`, else a reservoir sample of
//                         `sample_rows` rows drawn with the run's seed (the title says so), so
//                         that memory does not grow with the file.
//
// The rows arrive a block at a time (explain/explanation_stream.hpp); FigureRows keeps what
// the figures need in memory bounded by bar_rows and sample_rows.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "autodiff/rng.hpp"
#include "data/explanation_files.hpp"
#include "figures/explanation_figures.hpp"

namespace agop {

class FigureRows {
  public:
    // For `total_rows` rows in all (mean |attribution| divides each row's share by it, in row
    // order, as a sum over all rows at once would).
    FigureRows(std::size_t total_rows, std::size_t bar_rows, std::size_t sample_rows, std::uint64_t seed);
    // The next rows, in order, as tabular_explanation completed them.
    void add(const TabularExplanation& block);
    // Draws the figures into OUT/figures_<method>/; returns the paths written (PNG and SVG of each).
    std::vector<std::filesystem::path> write(const std::filesystem::path& out_dir) const;

  private:
    std::size_t total_, bar_rows_, sample_rows_, seen_ = 0;
    std::uint64_t seed_;
    Rng rng_;
    std::string method_, model_output_;
    std::vector<std::string> feature_names_;
    std::vector<cli::BarChart> row_charts_;  // the first bar_rows rows
    std::vector<std::size_t> row_lines_;
    std::vector<double> mean_abs_;                     // (F)
    std::vector<std::vector<float>> sample_values_;    // [slot] (F) attributions per feature
    std::vector<std::vector<double>> sample_numbers_;  // [slot] (F) numeric cells, NaN otherwise
};

// All the figures of one completed explanation (every row in the scatter).
std::vector<std::filesystem::path> write_explanation_figures(const std::filesystem::path& dir,
                                                             const TabularExplanation& explanation,
                                                             std::size_t max_rows);

}  // namespace agop
