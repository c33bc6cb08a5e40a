#include "explain/tabular_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "figures/explanation_figures.hpp"

namespace agop {

namespace {

// The figure kinds live in figures/ (namespace agop::cli, as every Cairo figure).
using cli::BarChart;
using cli::FeatureScatter;
using cli::write_figure;

std::string number_text(const char* format, float v) {
    char t[32];
    std::snprintf(t, sizeof t, format, v);
    return t;
}

std::string row_title(const TabularExplanation& e, std::size_t r) {
    const std::string line = "line " + std::to_string(e.lines[r]) + ": predicted ";
    if (e.regression) return line + "value " + number_text("%.6g", e.predicted_value[r]);
    return line + e.class_names[e.predicted_class[r]] + " (p = " + number_text("%.2f", e.probability[r]) +
           "), explaining " + e.class_names[e.explained_class[r]];
}

}  // namespace

std::vector<std::filesystem::path> write_explanation_figures(const std::filesystem::path& out_dir,
                                                             const TabularExplanation& e, std::size_t max_rows) {
    const auto dir = out_dir / ("figures_" + e.method);
    std::filesystem::create_directories(dir);
    const std::size_t f = e.feature_names.size(), n = e.lines.size();
    const Tensor& values = e.values;
    const std::string x_label = "attribution (" + e.method + ", " + e.model_output + ")";
    std::vector<std::filesystem::path> written;
    auto wrote = [&](const std::filesystem::path& stem) {
        written.push_back(stem.string() + ".png");
        written.push_back(stem.string() + ".svg");
    };

    for (std::size_t r = 0; r < std::min(n, max_rows); ++r) {
        BarChart chart;
        chart.title = row_title(e, r);
        chart.x_label = x_label;
        for (std::size_t j = 0; j < f; ++j) {
            chart.labels.push_back(e.feature_names[j] + " = " + e.data[r][j]);
            chart.values.push_back(values(r, j));
        }
        const auto stem = dir / ("row_" + std::to_string(e.lines[r]));
        write_figure(chart, stem.string());
        wrote(stem);
    }

    std::vector<double> mean_abs(f, 0.0);
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t j = 0; j < f; ++j) mean_abs[j] += std::abs(values(r, j)) / static_cast<double>(n);
    BarChart global;
    global.title = "mean |attribution| over " + std::to_string(n) + " rows (" + e.method + ")";
    global.x_label = "mean |attribution| (" + e.model_output + ")";
    global.labels = e.feature_names;
    global.values = mean_abs;
    global.max_bars = std::max<std::size_t>(2, f);  // every feature: a folded "others" bar would mislead here
    wrote(dir / "mean_abs");
    write_figure(global, (dir / "mean_abs").string());

    // Features by mean |attribution|, the 15 largest; colour = the row's value scaled to
    // [0, 1] between the 5th and 95th percentiles of the explained rows (as shap does, so
    // that a few outliers do not wash out the rest), grey for categories.
    std::vector<std::size_t> order(f);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return mean_abs[a] > mean_abs[b]; });
    order.resize(std::min<std::size_t>(f, 15));
    FeatureScatter scatter;
    scatter.title =
        "attribution against feature value, " + std::to_string(n) + " rows (" + e.method + "; grey: categorical)";
    scatter.x_label = x_label;
    for (std::size_t j : order) {
        std::vector<double> raw(n, std::numeric_limits<double>::quiet_NaN()), attribution(n), sorted;
        for (std::size_t r = 0; r < n; ++r) {
            attribution[r] = values(r, j);
            const double v = e.cell_numbers[r * f + j];
            if (!std::isnan(v)) {
                raw[r] = v;
                sorted.push_back(v);
            }
        }
        std::sort(sorted.begin(), sorted.end());
        const double lo = sorted.empty() ? 0 : sorted[sorted.size() / 20];
        const double hi = sorted.empty() ? 0 : sorted[sorted.size() - 1 - sorted.size() / 20];
        for (double& v : raw)
            if (!std::isnan(v)) v = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0.5;
        scatter.features.push_back(e.feature_names[j]);
        scatter.attributions.push_back(attribution);
        scatter.colour_values.push_back(raw);
    }
    write_figure(scatter, (dir / "scatter").string());
    wrote(dir / "scatter");
    return written;
}

}  // namespace agop
