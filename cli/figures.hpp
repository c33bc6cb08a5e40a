#pragma once
// PNG figures with Cairo: grids of heat maps (attributions beside images and masks) and
// line charts (ROAR curves, diag(M) quality across epochs). They sit in cli/, on top of
// the core library, so an embedded build needs no Cairo.

#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop::cli {

// One panel of a heat-map grid: a (H, W) map, or a (3, H, W) RGB image in [0, 1].
struct HeatmapPanel {
    Tensor map;
    bool diverging = false;  // signed map: blue-white-red around 0; otherwise white-to-dark
};

// rows x columns panels; column titles on top, row titles on the left. Each map is scaled
// by its own max |value| (an attribution's scale is arbitrary). Writes a PNG at `path`.
void write_heatmap_grid_png(const std::string& path, const std::string& title,
                            const std::vector<std::string>& column_titles, const std::vector<std::string>& row_titles,
                            const std::vector<std::vector<HeatmapPanel>>& panels);

struct Series {
    std::string name;
    std::vector<double> x, y;
};

// A line chart with markers and a legend. Writes a PNG at `path`.
void write_line_chart_png(const std::string& path, const std::string& title, const std::string& x_label,
                          const std::string& y_label, const std::vector<Series>& series);

}  // namespace agop::cli
