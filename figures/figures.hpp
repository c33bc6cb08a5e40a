#pragma once
// PNG figures with Cairo: grids of heat maps (attributions beside images and masks) and
// line charts (ROAR curves, diag(M) quality across epochs). They sit in cli/, on top of
// the core library, so an embedded build needs no Cairo.

#include <string>

#include "figures/figure_spec.hpp"

namespace agop::cli {

// Renders a grid as PNG at `path`. Throws agop::Error for ragged grids or bad panels.
void write_png(const HeatmapGrid& grid, const std::string& path);

// Renders a line chart with markers and a legend as PNG at `path`.
void write_png(const LineChart& chart, const std::string& path);

}  // namespace agop::cli
