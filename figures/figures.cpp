#include "figures/figures.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <ostream>

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"
#include "figures/nice_ticks.hpp"

namespace agop::cli {

namespace {

constexpr double kPanel = 96, kGap = 8, kLeft = 110, kTop = 56;

struct Rgb {
    double r, g, b;
};

// Sequential: white (0) to dark red (1). Diverging: blue (-1), white (0), red (+1).
Rgb colour(double v, bool diverging) {
    if (!diverging) return {1.0 - 0.3 * v, 1.0 - 0.9 * v, 1.0 - 0.9 * v};
    if (v >= 0) return {1.0, 1.0 - v, 1.0 - v};
    return {1.0 + v, 1.0 + v, 1.0};
}

// An image surface and its drawing context, both released on every path out of a
// write_png, a panel that throws included.
class Canvas {
  public:
    Canvas(int width, int height, const std::string& path)
        : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy),
          cr_(cairo_create(surface_.get()), cairo_destroy) {
        if (cairo_status(cr_.get()) != CAIRO_STATUS_SUCCESS)
            throw Error(path + ": cannot make a " + std::to_string(width) + "x" + std::to_string(height) +
                        " image: " + cairo_status_to_string(cairo_status(cr_.get())));
    }
    cairo_t* get() const { return cr_.get(); }

    // Encodes the PNG into `path`, whole or not at all (write_file_atomically).
    void write(const std::string& path) const {
        cairo_surface_flush(surface_.get());
        write_file_atomically(path, [&](std::ostream& out) {
            const cairo_status_t status = cairo_surface_write_to_png_stream(surface_.get(), append, &out);
            if (status != CAIRO_STATUS_SUCCESS)
                throw Error(path + ": cannot encode the PNG: " + cairo_status_to_string(status));
        });
    }

  private:
    static cairo_status_t append(void* stream, const unsigned char* data, unsigned int length) {
        auto& out = *static_cast<std::ostream*>(stream);
        out.write(reinterpret_cast<const char*>(data), length);
        return out ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
    }

    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_;
};

void text(cairo_t* cr, double x, double y, const std::string& s, double size, bool bold = false) {
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
}

void draw_panel(cairo_t* cr, double x0, double y0, const HeatmapPanel& panel) {
    const Tensor& m = panel.map;
    const bool rgb = m.dimension() == 3 && m.shape()[0] == 3;
    if (!(m.dimension() == 2 || rgb)) throw Error("heat map panel: expected (H, W) or (3, H, W), got " + shape_string(m));
    const std::size_t h = m.shape()[m.dimension() - 2], w = m.shape()[m.dimension() - 1];
    double scale = 0;
    if (!rgb)
        for (float v : m) scale = std::max(scale, std::abs(static_cast<double>(v)));
    const double cell_w = kPanel / w, cell_h = kPanel / h;
    for (std::size_t i = 0; i < h; ++i)
        for (std::size_t j = 0; j < w; ++j) {
            Rgb c;
            if (rgb) {
                auto at = [&](std::size_t ch) { return std::clamp(static_cast<double>(m.data()[(ch * h + i) * w + j]), 0.0, 1.0); };
                c = {at(0), at(1), at(2)};
            } else {
                const double v = scale > 0 ? m.data()[i * w + j] / scale : 0.0;
                c = colour(panel.diverging ? v : std::abs(v), panel.diverging);
            }
            cairo_set_source_rgb(cr, c.r, c.g, c.b);
            cairo_rectangle(cr, x0 + j * cell_w, y0 + i * cell_h, cell_w + 0.5, cell_h + 0.5);
            cairo_fill(cr);
        }
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, x0, y0, kPanel, kPanel);
    cairo_stroke(cr);
}

}  // namespace

void write_png(const HeatmapGrid& grid, const std::string& path) {
    const auto& panels = grid.panels;
    const auto& column_titles = grid.column_titles;
    const auto& row_titles = grid.row_titles;
    const std::size_t rows = panels.size(), cols = column_titles.size();
    for (const auto& row : panels)
        if (row.size() != cols) throw Error("heat map grid " + path + ": every row needs one panel per column title");
    const int width = static_cast<int>(kLeft + cols * (kPanel + kGap) + kGap);
    const int height = static_cast<int>(kTop + rows * (kPanel + kGap) + kGap);
    const Canvas canvas(width, height, path);
    cairo_t* cr = canvas.get();
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, 8, 20, grid.title, 14, true);
    for (std::size_t j = 0; j < cols; ++j) text(cr, kLeft + j * (kPanel + kGap), kTop - 8, column_titles[j], 10);
    for (std::size_t i = 0; i < rows; ++i) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        if (i < row_titles.size()) text(cr, 8, kTop + i * (kPanel + kGap) + kPanel / 2, row_titles[i], 10);
        for (std::size_t j = 0; j < cols; ++j) draw_panel(cr, kLeft + j * (kPanel + kGap), kTop + i * (kPanel + kGap), panels[i][j]);
    }
    canvas.write(path);
}

void write_png(const LineChart& chart, const std::string& path) {
    const auto& series = chart.series;
    const double width = 720, height = 440, left = 70, right = 200, top = 40, bottom = 50;
    double x_min = INFINITY, x_max = -INFINITY, y_min = INFINITY, y_max = -INFINITY;
    for (const auto& s : series) {
        if (s.x.size() != s.y.size()) throw Error("line chart " + path + ": series '" + s.name + "' has unequal x and y");
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
            x_min = std::min(x_min, s.x[i]);
            x_max = std::max(x_max, s.x[i]);
            y_min = std::min(y_min, s.y[i]);
            y_max = std::max(y_max, s.y[i]);
        }
    }
    if (!(x_max >= x_min)) x_min = 0, x_max = 1;  // no finite point
    if (!(y_max >= y_min)) y_min = 0, y_max = 1;
    // Axes widened to whole 1-2-5 steps, as every figure of `agop explain --figures`.
    const Axis x_axis = nice_axis(x_min, x_max, 6), y_axis = nice_axis(y_min, y_max, 6);
    x_min = x_axis.low, x_max = x_axis.high, y_min = y_axis.low, y_max = y_axis.high;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    auto px = [&](double x) { return left + (x - x_min) / (x_max - x_min) * plot_w; };
    auto py = [&](double y) { return top + (1 - (y - y_min) / (y_max - y_min)) * plot_h; };

    const Canvas canvas(static_cast<int>(width), static_cast<int>(height), path);
    cairo_t* cr = canvas.get();
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, left, 24, chart.title, 14, true);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, left, top, plot_w, plot_h);
    cairo_stroke(cr);
    for (const double yv : y_axis.ticks) text(cr, 8, py(yv) + 4, tick_label(yv, y_axis.step), 10);
    for (const double xv : x_axis.ticks) text(cr, px(xv) - 10, top + plot_h + 16, tick_label(xv, x_axis.step), 10);
    text(cr, left + plot_w / 2 - 30, height - 10, chart.x_label, 11);
    text(cr, 8, top - 8, chart.y_label, 11);

    static const Rgb palette[] = {{0.12, 0.47, 0.71}, {1.0, 0.5, 0.05}, {0.17, 0.63, 0.17}, {0.84, 0.15, 0.16},
                                  {0.58, 0.4, 0.74},  {0.55, 0.34, 0.29}, {0.89, 0.47, 0.76}, {0.5, 0.5, 0.5}};
    for (std::size_t k = 0; k < series.size(); ++k) {
        const Rgb c = palette[k % 8];
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
        cairo_set_line_width(cr, 2);
        bool started = false;
        for (std::size_t i = 0; i < series[k].x.size(); ++i) {
            if (!std::isfinite(series[k].y[i])) continue;
            const double x = px(series[k].x[i]), y = py(series[k].y[i]);
            if (started) cairo_line_to(cr, x, y);
            else cairo_move_to(cr, x, y);
            started = true;
        }
        cairo_stroke(cr);
        for (std::size_t i = 0; i < series[k].x.size(); ++i) {
            if (!std::isfinite(series[k].y[i])) continue;
            cairo_arc(cr, px(series[k].x[i]), py(series[k].y[i]), 3, 0, 2 * M_PI);
            cairo_fill(cr);
        }
        const double ly = top + 14 + 18 * k;
        cairo_rectangle(cr, width - right + 12, ly - 8, 14, 4);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text(cr, width - right + 32, ly, series[k].name, 11);
    }
    canvas.write(path);
}

}  // namespace agop::cli
