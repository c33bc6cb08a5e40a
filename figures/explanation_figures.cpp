#include "figures/explanation_figures.hpp"

#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"
#include "figures/cairo_bytes.hpp"
#include "figures/nice_ticks.hpp"

namespace agop::cli {

namespace {

constexpr double kWidth = 760, kRow = 24, kTop = 48, kBottom = 56, kRight = 24, kFont = 12;

struct Rgb {
    double r, g, b;
};
constexpr Rgb kPositive{1.0, 0.0, 0.32}, kNegative{0.0, 0.545, 0.984}, kGrey{0.6, 0.6, 0.6};

// shap's map: blue (0) through purple to red (1).
Rgb value_colour(double t) {
    if (std::isnan(t)) return kGrey;
    t = std::clamp(t, 0.0, 1.0);
    return {kNegative.r + t * (kPositive.r - kNegative.r), kNegative.g + t * (kPositive.g - kNegative.g),
            kNegative.b + t * (kPositive.b - kNegative.b)};
}

void set_colour(cairo_t* cr, Rgb c, double alpha = 1.0) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

void font(cairo_t* cr, double size, bool bold = false) {
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    return e.x_advance;
}

// Text with its anchor: align 0 = left, 0.5 = centre, 1 = right; y is the baseline.
void text(cairo_t* cr, double x, double y, const std::string& s, double align = 0.0) {
    cairo_move_to(cr, x - align * text_width(cr, s), y);
    cairo_show_text(cr, s.c_str());
}

std::string shortened(const std::string& s, std::size_t max_chars = 44) {
    return s.size() <= max_chars ? s : s.substr(0, max_chars - 3) + "...";
}

std::string value_text(double v) {
    char t[32];
    std::snprintf(t, sizeof t, "%+.3g", v);
    return t;
}

// Label column width for `labels` at the label font (measured on a scratch surface).
double label_width(const std::vector<std::string>& labels) {
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t* cr = cairo_create(s);
    font(cr, kFont);
    double w = 0;
    for (const auto& l : labels) w = std::max(w, text_width(cr, shortened(l)));
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return std::ceil(w) + 16;
}

// The horizontal axis from x0 to x1 at y: ticks, labels, light grid lines up to `top`, title.
void draw_axis(cairo_t* cr, const Axis& axis, double x0, double x1, double y, double top, const std::string& label,
               const std::function<double(double)>& px) {
    cairo_set_line_width(cr, 1);
    for (double t : axis.ticks) {
        const double x = std::round(px(t)) + 0.5;
        cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
        cairo_move_to(cr, x, top);
        cairo_line_to(cr, x, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x, y + 4);
        cairo_stroke(cr);
        font(cr, kFont - 1);
        text(cr, x, y + 17, tick_label(t, axis.step), 0.5);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, x0, y + 0.5);
    cairo_line_to(cr, x1, y + 0.5);
    cairo_stroke(cr);
    font(cr, kFont);
    text(cr, (x0 + x1) / 2, y + 38, label, 0.5);
}

void title(cairo_t* cr, const std::string& s) {
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    font(cr, kFont + 2, true);
    text(cr, 12, 26, shortened(s, 100));
}

// Draws with `draw` onto a PNG and an SVG surface of the same size, both rendered in memory
// and then written whole (write_text_file_atomically).
void write_both(const std::string& stem, double width, double height, const std::function<void(cairo_t*)>& draw) {
    const int w = static_cast<int>(std::ceil(width)), h = static_cast<int>(std::ceil(height));
    std::string png_bytes, svg_bytes;
    cairo_surface_t* png = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_surface_t* svg = cairo_svg_surface_create_for_stream(append_to_string, &svg_bytes, w, h);
    for (cairo_surface_t* surface : {png, svg}) {
        cairo_t* cr = cairo_create(surface);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        draw(cr);
        cairo_destroy(cr);
    }
    cairo_surface_finish(svg);
    const cairo_status_t svg_status = cairo_surface_status(svg);
    cairo_surface_destroy(svg);
    const cairo_status_t png_status = cairo_surface_write_to_png_stream(png, append_to_string, &png_bytes);
    cairo_surface_destroy(png);
    for (auto [status, ext] : {std::pair{svg_status, ".svg"}, std::pair{png_status, ".png"}})
        if (status != CAIRO_STATUS_SUCCESS)
            throw Error("cannot draw figure " + stem + ext + ": " + cairo_status_to_string(status));
    write_text_file_atomically(stem + ".png", png_bytes);
    write_text_file_atomically(stem + ".svg", svg_bytes);
}

void require_finite(const std::vector<double>& values, const std::string& what) {
    for (double v : values)
        if (!std::isfinite(v)) throw Error(what + ": values must be finite");
}

}  // namespace

BarChart sorted_bars(const BarChart& chart) {
    if (chart.labels.size() != chart.values.size())
        throw Error("bar chart '" + chart.title + "': " + std::to_string(chart.labels.size()) + " labels for " +
                    std::to_string(chart.values.size()) + " values");
    require_finite(chart.values, "bar chart '" + chart.title + "'");
    if (chart.max_bars < 2) throw Error("bar chart '" + chart.title + "': max_bars must be at least 2");
    std::vector<std::size_t> order(chart.values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::abs(chart.values[a]) > std::abs(chart.values[b]);
    });
    BarChart out = chart;
    out.labels.clear();
    out.values.clear();
    const bool fold = order.size() > chart.max_bars;
    const std::size_t shown = fold ? chart.max_bars - 1 : order.size();
    for (std::size_t i = 0; i < shown; ++i) {
        out.labels.push_back(chart.labels[order[i]]);
        out.values.push_back(chart.values[order[i]]);
    }
    if (fold) {
        double rest = 0;
        for (std::size_t i = shown; i < order.size(); ++i) rest += chart.values[order[i]];
        out.labels.push_back(std::to_string(order.size() - shown) + " other features");
        out.values.push_back(rest);
    }
    return out;
}

void write_figure(const BarChart& chart, const std::string& stem) {
    const BarChart bars = sorted_bars(chart);
    const double left = label_width(bars.labels), n = static_cast<double>(bars.values.size());
    const double height = kTop + std::max(1.0, n) * kRow + kBottom;
    double lo = 0, hi = 0;
    for (double v : bars.values) lo = std::min(lo, v), hi = std::max(hi, v);
    const Axis axis = nice_axis(lo, hi, 6);
    // room for the value text beyond the longest bars
    const double x0 = left + 44, x1 = kWidth - kRight - 44;
    auto px = [&](double v) { return x0 + (v - axis.low) / (axis.high - axis.low) * (x1 - x0); };
    write_both(stem, kWidth, height, [&](cairo_t* cr) {
        title(cr, bars.title);
        const double plot_bottom = kTop + n * kRow;
        draw_axis(cr, axis, x0, x1, plot_bottom + 4, kTop, bars.x_label, px);
        for (std::size_t i = 0; i < bars.values.size(); ++i) {
            const double v = bars.values[i], y = kTop + i * kRow;
            set_colour(cr, v >= 0 ? kPositive : kNegative);
            const double a = px(std::min(0.0, v)), b = px(std::max(0.0, v));
            cairo_rectangle(cr, a, y + 4, std::max(1.0, b - a), kRow - 8);
            cairo_fill(cr);
            font(cr, kFont - 1);
            text(cr, v >= 0 ? b + 4 : a - 4, y + kRow / 2 + 4, value_text(v), v >= 0 ? 0.0 : 1.0);
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            font(cr, kFont);
            text(cr, left - 8, y + kRow / 2 + 4, shortened(bars.labels[i]), 1.0);
        }
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, std::round(px(0)) + 0.5, kTop);
        cairo_line_to(cr, std::round(px(0)) + 0.5, plot_bottom + 4);
        cairo_stroke(cr);
    });
}

void write_figure(const FeatureScatter& s, const std::string& stem) {
    const std::size_t features = s.features.size();
    if (s.attributions.size() != features || s.colour_values.size() != features)
        throw Error("feature scatter '" + s.title + "': one attribution and one colour list per feature are needed");
    double lo = 0, hi = 0;
    for (std::size_t f = 0; f < features; ++f) {
        if (s.colour_values[f].size() != s.attributions[f].size())
            throw Error("feature scatter '" + s.title + "': feature '" + s.features[f] +
                        "' has a colour value per sample missing");
        require_finite(s.attributions[f], "feature scatter '" + s.title + "'");
        for (double v : s.attributions[f]) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    const Axis axis = nice_axis(lo, hi, 6);
    const double left = label_width(s.features), bar_space = 70;
    const double x0 = left + 8, x1 = kWidth - kRight - bar_space;
    const double row = kRow + 6, height = kTop + std::max<double>(1.0, static_cast<double>(features)) * row + kBottom;
    auto px = [&](double v) { return x0 + (v - axis.low) / (axis.high - axis.low) * (x1 - x0); };
    write_both(stem, kWidth, height, [&](cairo_t* cr) {
        title(cr, s.title);
        const double plot_bottom = kTop + features * row;
        draw_axis(cr, axis, x0, x1, plot_bottom + 4, kTop, s.x_label, px);
        for (std::size_t f = 0; f < features; ++f) {
            const double centre = kTop + f * row + row / 2;
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            font(cr, kFont);
            text(cr, left - 8, centre + 4, shortened(s.features[f]), 1.0);
            // Beeswarm-like: dots sharing a 3-pixel column stack outwards from the row's centre;
            // a full column starts again at the centre, drawing over earlier dots (every dot is
            // drawn, so a dense column shows the colours of all its samples).
            std::vector<int> used(static_cast<std::size_t>(kWidth) / 3 + 2, 0);
            const int capacity = static_cast<int>((row / 2 - 3) / 2.5) * 2 + 1;
            for (std::size_t i = 0; i < s.attributions[f].size(); ++i) {
                const double x = px(s.attributions[f][i]);
                const int k = used[static_cast<std::size_t>(std::max(0.0, x / 3))]++ % capacity;
                const double offset = (k % 2 ? 1 : -1) * ((k + 1) / 2) * 2.5;
                set_colour(cr, value_colour(s.colour_values[f][i]), 0.85);
                cairo_arc(cr, x, centre + offset, 2.5, 0, 2 * M_PI);
                cairo_fill(cr);
            }
        }
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, std::round(px(0)) + 0.5, kTop);
        cairo_line_to(cr, std::round(px(0)) + 0.5, plot_bottom + 4);
        cairo_stroke(cr);
        // Colour bar: feature value, low (bottom) to high (top).
        const double bx = kWidth - kRight - bar_space + 24, top = kTop, bottom = std::max(plot_bottom, kTop + 120);
        for (int i = 0; i < 100; ++i) {
            set_colour(cr, value_colour(1.0 - i / 99.0));
            cairo_rectangle(cr, bx, top + i * (bottom - top) / 100, 12, (bottom - top) / 100 + 1);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        font(cr, kFont - 1);
        text(cr, bx + 6, top - 6, "high", 0.5);
        text(cr, bx + 6, bottom + 14, "low", 0.5);
        cairo_save(cr);
        cairo_move_to(cr, bx + 30, (top + bottom) / 2 + 36);
        cairo_rotate(cr, -M_PI / 2);
        cairo_show_text(cr, "feature value");
        cairo_restore(cr);
    });
}

}  // namespace agop::cli
