#pragma once
// What a figure shows, without drawing it: experiments describe their heat-map grids and
// line charts with these, and cli/figures.hpp renders them as PNG with Cairo (so the core
// library needs no graphics dependency).

#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

// One panel: a (H, W) map, or a (3, H, W) RGB image with values in [0, 1].
struct HeatmapPanel {
    Tensor map;
    bool diverging = false;  // signed map: blue-white-red around 0; otherwise white-to-dark red
};

// rows x columns panels with column titles on top and row titles on the left; each map is
// scaled by its own max |value| (an attribution's scale is arbitrary).
struct HeatmapGrid {
    std::string file;  // "xai_tris_lin_white.png", relative to the output directory
    std::string title;
    std::vector<std::string> column_titles, row_titles;
    std::vector<std::vector<HeatmapPanel>> panels;  // [row][column]
};

struct Series {
    std::string name;
    std::vector<double> x, y;
};

struct LineChart {
    std::string file;  // "roar_adult.png"
    std::string title, x_label, y_label;
    std::vector<Series> series;
};

}  // namespace agop
