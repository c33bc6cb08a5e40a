#pragma once
// Figures of tabular explanations, as shap draws them: signed bars per row (waterfall/bar),
// mean |attribution| per feature, and attribution against feature value (beeswarm-like).
// Each is written twice, as <stem>.png and <stem>.svg (the same Cairo drawing on both).

#include <cstddef>
#include <string>
#include <vector>

namespace agop::cli {

// Horizontal bars, largest |value| on top; positive red, negative blue, the value at each
// bar's end. Bars beyond max_bars are summed into one "<k> other features" bar.
struct BarChart {
    std::string title, x_label;
    std::vector<std::string> labels;  // one per bar
    std::vector<double> values;       // (labels) finite
    std::size_t max_bars = 15;
};

// One row per feature (top to bottom in the given order), one dot per sample at its
// attribution, coloured by the sample's feature value (blue low .. red high, with a colour
// bar); a NaN colour value (a categorical feature) is grey.
struct FeatureScatter {
    std::string title, x_label;
    std::vector<std::string> features;               // (F)
    std::vector<std::vector<double>> attributions;   // [feature][sample] finite
    std::vector<std::vector<double>> colour_values;  // [feature][sample] in [0, 1] or NaN
};

// Write <stem>.png and <stem>.svg. Throw Error for inconsistent sizes, non-finite values, or
// a file Cairo cannot write (naming it).
void write_figure(const BarChart& chart, const std::string& stem);
void write_figure(const FeatureScatter& scatter, const std::string& stem);

// The bars drawn, in order, after sorting and folding (exposed for tests).
BarChart sorted_bars(const BarChart& chart);

}  // namespace agop::cli
