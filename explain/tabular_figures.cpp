#include "explain/tabular_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace agop {

namespace {

// The figure kinds live in figures/ (namespace agop::cli, as every Cairo figure).
using cli::BarChart;
using cli::FeatureScatter;
using cli::write_figure;

// The reservoir's draws: one stream of the run's seed, apart from the methods' row streams.
constexpr std::uint64_t kSampleStream = 0x5ca77e5;

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

FigureRows::FigureRows(std::size_t total_rows, std::size_t bar_rows, std::size_t sample_rows, std::uint64_t seed)
    : total_(total_rows),
      bar_rows_(bar_rows),
      sample_rows_(std::max<std::size_t>(1, sample_rows)),
      seed_(seed),
      rng_(Rng::stream(seed, kSampleStream)) {}

void FigureRows::add(const TabularExplanation& e) {
    const std::size_t f = e.feature_names.size(), n = e.lines.size();
    if (seen_ == 0) {
        method_ = e.method;
        model_output_ = e.model_output;
        feature_names_ = e.feature_names;
        mean_abs_.assign(f, 0.0);
    }
    const std::string x_label = "attribution (" + e.method + ", " + e.model_output + ")";
    for (std::size_t r = 0; r < n; ++r, ++seen_) {
        const float* values = e.values.data() + r * f;
        if (row_charts_.size() < bar_rows_) {
            BarChart chart;
            chart.title = row_title(e, r);
            chart.x_label = x_label;
            for (std::size_t j = 0; j < f; ++j) {
                chart.labels.push_back(e.feature_names[j] + " = " + e.data[r][j]);
                chart.values.push_back(values[j]);
            }
            row_charts_.push_back(std::move(chart));
            row_lines_.push_back(e.lines[r]);
        }
        for (std::size_t j = 0; j < f; ++j) mean_abs_[j] += std::abs(values[j]) / static_cast<double>(total_);
        // Reservoir sampling (Vitter's algorithm R): every row is kept with probability sample_rows / seen.
        std::size_t slot = seen_;
        if (seen_ >= sample_rows_) {
            slot = static_cast<std::size_t>(rng_.uniform_index(seen_ + 1));
            if (slot >= sample_rows_) continue;
        }
        std::vector<float> kept(values, values + f);
        std::vector<double> numbers(e.cell_numbers.begin() + r * f, e.cell_numbers.begin() + (r + 1) * f);
        if (slot == sample_values_.size()) {
            sample_values_.push_back(std::move(kept));
            sample_numbers_.push_back(std::move(numbers));
        } else {
            sample_values_[slot] = std::move(kept);
            sample_numbers_[slot] = std::move(numbers);
        }
    }
}

std::vector<std::filesystem::path> FigureRows::write(const std::filesystem::path& out_dir) const {
    const auto dir = out_dir / ("figures_" + method_);
    std::filesystem::create_directories(dir);
    const std::size_t f = feature_names_.size(), n = seen_, s = sample_values_.size();
    std::vector<std::filesystem::path> written;
    auto wrote = [&](const std::filesystem::path& stem) {
        written.push_back(stem.string() + ".png");
        written.push_back(stem.string() + ".svg");
    };
    for (std::size_t r = 0; r < row_charts_.size(); ++r) {
        const auto stem = dir / ("row_" + std::to_string(row_lines_[r]));
        write_figure(row_charts_[r], stem.string());
        wrote(stem);
    }

    BarChart global;
    global.title = "mean |attribution| over " + std::to_string(n) + " rows (" + method_ + ")";
    global.x_label = "mean |attribution| (" + model_output_ + ")";
    global.labels = feature_names_;
    global.values = mean_abs_;
    global.max_bars = std::max<std::size_t>(2, f);  // every feature: a folded "others" bar would mislead here
    wrote(dir / "mean_abs");
    write_figure(global, (dir / "mean_abs").string());

    // Features by mean |attribution|, the 15 largest; colour = the row's value scaled to
    // [0, 1] between the 5th and 95th percentiles of the drawn rows (as shap does, so
    // that a few outliers do not wash out the rest), grey for categories.
    std::vector<std::size_t> order(f);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return mean_abs_[a] > mean_abs_[b]; });
    order.resize(std::min<std::size_t>(f, 15));
    FeatureScatter scatter;
    const std::string rows_drawn = s == n ? std::to_string(n) + " rows"
                                          : "a random sample of " + std::to_string(s) + " of " + std::to_string(n) +
                                                " rows (seed " + std::to_string(seed_) + ")";
    scatter.title = "attribution against feature value, " + rows_drawn + " (" + method_ + "; grey: categorical)";
    scatter.x_label = "attribution (" + method_ + ", " + model_output_ + ")";
    for (std::size_t j : order) {
        std::vector<double> raw(s, std::numeric_limits<double>::quiet_NaN()), attribution(s), sorted;
        for (std::size_t r = 0; r < s; ++r) {
            attribution[r] = sample_values_[r][j];
            const double v = sample_numbers_[r][j];
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
        scatter.features.push_back(feature_names_[j]);
        scatter.attributions.push_back(attribution);
        scatter.colour_values.push_back(raw);
    }
    write_figure(scatter, (dir / "scatter").string());
    wrote(dir / "scatter");
    return written;
}

std::vector<std::filesystem::path> write_explanation_figures(const std::filesystem::path& dir,
                                                             const TabularExplanation& e, std::size_t max_rows) {
    const std::size_t n = e.lines.size();
    FigureRows rows(n, max_rows, n, 0);
    rows.add(e);
    return rows.write(dir);
}

}  // namespace agop
