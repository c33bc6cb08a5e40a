#include "figures/compare_figure.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "autodiff/error.hpp"
#include "figures/cairo_bytes.hpp"

namespace agop::cli {

namespace {

constexpr double kRowHeight = 26, kCellWidth = 92, kTimeWidth = 150, kHeader = 124, kLabelWidth = 170, kMargin = 16;

void text(cairo_t* cr, double x, double y, const std::string& s, double size, double align = 0.0, bool bold = false) {
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    cairo_move_to(cr, x - align * e.x_advance, y);
    cairo_show_text(cr, s.c_str());
}

void check_shape(const CompareFigure& f) {
    const std::size_t n = f.methods.size(), m = f.metrics.size();
    bool ok = n > 0 && f.rank.size() == n && f.best_rank.size() == n && f.worst_rank.size() == n &&
              f.seconds_per_row.size() == n;
    for (std::size_t i = 0; ok && i < n; ++i)
        ok = f.rank[i].size() == m && f.best_rank[i].size() == m && f.worst_rank[i].size() == m;
    if (!ok) throw Error("compare figure: one rank per method and metric, and one time per method, are needed");
}

// Seconds per row on a log axis spanning the data's decades.
void draw_times(cairo_t* cr, const CompareFigure& f, double x0) {
    double low = 1e300, high = 0;
    for (double s : f.seconds_per_row)
        if (s > 0) low = std::min(low, s), high = std::max(high, s);
    if (high == 0) return;
    const double lo = std::floor(std::log10(low)), hi = std::max(lo + 1, std::ceil(std::log10(high)));
    const double width = kTimeWidth - 60;
    for (std::size_t i = 0; i < f.methods.size(); ++i) {
        const double s = f.seconds_per_row[i], y = kHeader + i * kRowHeight;
        const double w = s > 0 ? std::max(1.0, width * (std::log10(s) - lo + 0.15) / (hi - lo + 0.15)) : 1.0;
        cairo_set_source_rgb(cr, 0.55, 0.55, 0.75);
        cairo_rectangle(cr, x0, y + 6, w, kRowHeight - 12);
        cairo_fill(cr);
        char label[32];
        std::snprintf(label, sizeof label, "%.2g", s);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        text(cr, x0 + w + 4, y + kRowHeight / 2 + 4, label, 10);
    }
}

}  // namespace

void write_compare_png(const CompareFigure& f, const std::string& path) {
    check_shape(f);
    const std::size_t n = f.methods.size(), m = f.metrics.size();
    const double width = kMargin + kLabelWidth + m * kCellWidth + kTimeWidth + kMargin;
    const double height = kHeader + n * kRowHeight + 36;
    cairo_surface_t* surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(width), static_cast<int>(height));
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text(cr, kMargin, 22, "Rank per metric (1 = best, left; line: ranks the 95% intervals allow)", 13, 0, true);
    const double x_cells = kMargin + kLabelWidth;
    for (std::size_t k = 0; k < m; ++k) {
        const double cx = x_cells + k * kCellWidth + kCellWidth / 2;
        cairo_save(cr);
        cairo_translate(cr, cx - 12, kHeader - 8);
        cairo_rotate(cr, -0.6);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        text(cr, 0, 0, f.metrics[k], 11);
        cairo_restore(cr);
    }
    text(cr, x_cells + m * kCellWidth + 4, kHeader - 10, "seconds per row", 11);
    for (std::size_t i = 0; i < n; ++i) {
        const double y = kHeader + i * kRowHeight, mid = y + kRowHeight / 2;
        if (i % 2 == 0) {
            cairo_set_source_rgb(cr, 0.96, 0.96, 0.96);
            cairo_rectangle(cr, kMargin, y, width - 2 * kMargin, kRowHeight);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        text(cr, kMargin + 4, mid + 4, f.methods[i], 12);
        for (std::size_t k = 0; k < m; ++k) {
            const double x0 = x_cells + k * kCellWidth + 8, span = kCellWidth - 16;
            const auto px = [&](double rank) { return n > 1 ? x0 + span * (rank - 1) / (n - 1) : x0 + span / 2; };
            cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
            cairo_set_line_width(cr, 1);
            cairo_move_to(cr, x0, mid + 0.5);
            cairo_line_to(cr, x0 + span, mid + 0.5);
            cairo_stroke(cr);
            cairo_set_source_rgb(cr, 0.2, 0.35, 0.7);
            cairo_set_line_width(cr, 3);
            cairo_move_to(cr, px(f.best_rank[i][k]), mid + 0.5);
            cairo_line_to(cr, px(f.worst_rank[i][k]) + 0.01, mid + 0.5);
            cairo_stroke(cr);
            const double r = f.rank[i][k], t = n > 1 ? (r - 1) / (n - 1) : 0.0;
            cairo_set_source_rgb(cr, 0.1 + 0.8 * t, 0.6 - 0.4 * t, 0.2);
            cairo_arc(cr, px(r), mid + 0.5, 5, 0, 2 * M_PI);
            cairo_fill(cr);
        }
    }
    draw_times(cr, f, x_cells + m * kCellWidth + 4);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    text(cr, kMargin, height - 12,
         "rank 1 (best) at the left of each cell, rank " + std::to_string(n) + " at the right", 10);
    cairo_destroy(cr);
    write_png_and_destroy(surface, path, "cannot draw figure " + path);
}

}  // namespace agop::cli
