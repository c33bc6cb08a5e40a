#include "figures/attribution_overlay.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "autodiff/error.hpp"
#include "figures/cairo_bytes.hpp"

namespace agop::cli {

namespace {

struct Rgb {
    double r, g, b;
};

// v in [-1, 1] (diverging) or [0, 1]: blue (-1), white (0), red (+1); white to red.
Rgb attribution_colour(double v, bool diverging) {
    if (!diverging || v >= 0) return {1.0 - 0.25 * v, 1.0 - 0.9 * v, 1.0 - 0.9 * v};
    return {1.0 + 0.9 * v, 1.0 + 0.6 * v, 1.0 + 0.25 * v};
}

// Per-pixel channel sums (or means) of a (C, H, W) tensor: (H * W) values.
std::vector<double> channel_sum(const Tensor& t, bool mean) {
    const std::size_t c = t.shape()[0], plane = t.shape()[1] * t.shape()[2];
    std::vector<double> out(plane, 0.0);
    for (std::size_t k = 0; k < c; ++k)
        for (std::size_t i = 0; i < plane; ++i) out[i] += t.data()[k * plane + i];
    if (mean)
        for (double& v : out) v /= static_cast<double>(c);
    return out;
}

void label(cairo_t* cr, double x, double y, const std::string& s, double size) {
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
}

constexpr double title_size = 12;

// The title's width in pixels, measured on a scratch surface.
double title_width(const std::string& title) {
    cairo_surface_t* scratch = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t* cr = cairo_create(scratch);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, title_size);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, title.c_str(), &extents);
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
    return extents.x_advance;
}

std::string tick(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return text;
}

}  // namespace

void write_attribution_overlay(const Tensor& image, const Tensor& attribution, const std::string& title,
                               const std::string& path) {
    if (image.dimension() != 3 || shape_of(image) != shape_of(attribution) || image.size() == 0)
        throw Error("attribution overlay " + path +
                    ": expected an image (C, H, W) and an attribution of the same "
                    "shape, got " +
                    shape_string(image) + " and " + shape_string(attribution));
    const std::size_t h = image.shape()[1], w = image.shape()[2];
    const std::vector<double> grey = channel_sum(image, true), a = channel_sum(attribution, false);
    const auto [grey_min, grey_max] = std::minmax_element(grey.begin(), grey.end());
    const double grey_span = *grey_max > *grey_min ? *grey_max - *grey_min : 1.0;
    double scale = 0;
    bool diverging = false;
    for (double v : a) {
        scale = std::max(scale, std::abs(v));
        diverging = diverging || v < 0;
    }

    // The image is drawn with square cells, at least 224 pixels on its longer side.
    const double cell = std::max(1.0, std::ceil(224.0 / static_cast<double>(std::max(h, w))));
    const double margin = 12, top = 34, bar_width = 14, bar_gap = 12, tick_room = 56;
    const double plot_w = cell * w, plot_h = cell * h;
    const int width =
        static_cast<int>(std::max(margin + plot_w + bar_gap + bar_width + tick_room, title_width(title) + 2 * margin));
    const int height = static_cast<int>(top + plot_h + margin);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    label(cr, margin, 22, title, title_size);

    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            const std::size_t i = y * w + x;
            const double g = (grey[i] - *grey_min) / grey_span;
            const double v = scale > 0 ? a[i] / scale : 0.0;
            const Rgb c = attribution_colour(diverging ? v : std::abs(v), diverging);
            const double alpha = 0.75 * std::abs(v);  // at most 3/4, so the input always shows through
            cairo_set_source_rgb(cr, (1 - alpha) * g + alpha * c.r, (1 - alpha) * g + alpha * c.g,
                                 (1 - alpha) * g + alpha * c.b);
            cairo_rectangle(cr, margin + x * cell, top + y * cell, cell, cell);
            cairo_fill(cr);
        }

    // Colour bar: top = +max, bottom = -max (diverging) or 0.
    const double bar_x = margin + plot_w + bar_gap;
    for (int row = 0; row < static_cast<int>(plot_h); ++row) {
        const double t = 1.0 - (row + 0.5) / plot_h;  // 1 at the top
        const Rgb c = attribution_colour(diverging ? 2 * t - 1 : t, diverging);
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
        cairo_rectangle(cr, bar_x, top + row, bar_width, 1);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, bar_x, top, bar_width, plot_h);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    label(cr, bar_x + bar_width + 4, top + 9, tick(scale), 10);
    label(cr, bar_x + bar_width + 4, top + plot_h, tick(diverging ? -scale : 0.0), 10);
    if (diverging) label(cr, bar_x + bar_width + 4, top + plot_h / 2 + 4, "0", 10);

    cairo_destroy(cr);
    write_png_and_destroy(surface, path, "attribution overlay " + path);
}

}  // namespace agop::cli
