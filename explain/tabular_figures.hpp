#pragma once
// `agop explain --csv ... --figures`: the figures of a tabular explanation, in OUT/figures_<method>/:
//   row_<line>.png/.svg   signed bars per original feature, labelled "feature = value", titled with
//                         the prediction (class and probability, or the predicted value), for the
//                         first `max_rows` rows (so a million-row run does not draw a million);
//   mean_abs.png/.svg     mean |attribution| per feature over all rows;
//   scatter.png/.svg      attribution against feature value, one row of dots per feature.

#include <filesystem>
#include <vector>

#include "data/explanation_files.hpp"

namespace agop {

// `explanation` as tabular_explanation (explain/explanation_writers.hpp) completed it.
// Returns the paths written (PNG and SVG of each figure).
std::vector<std::filesystem::path> write_explanation_figures(const std::filesystem::path& dir,
                                                             const TabularExplanation& explanation,
                                                             std::size_t max_rows);

}  // namespace agop
