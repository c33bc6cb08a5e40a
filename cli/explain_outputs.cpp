#include "cli/explain_outputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "attribution/probability_output.hpp"

namespace agop::cli {

namespace {

// The explained output of every sample's class at one reference row (...).
std::vector<double> output_at_row(const ExplainedModel& model, const std::vector<float>& row, const Shape& batch_shape,
                                  const std::vector<int>& explained_class) {
    Shape one = batch_shape;
    one[0] = 1;
    Tensor x = Tensor::from_shape(one);
    std::copy(row.begin(), row.end(), x.data());
    const Tensor out = predict_logits(model, x);
    std::vector<double> values;
    for (int k : explained_class) values.push_back(out(0, static_cast<std::size_t>(k)));
    return values;
}

}  // namespace

Predictions predict(const ExplainedModel& model, const Tensor& inputs, bool regression) {
    if (regression) {  // one output, the value itself
        const Tensor values = predict_logits(model, inputs);
        return {std::vector<int>(values.size(), 0), std::vector<float>(values.begin(), values.end())};
    }
    const Tensor p = predict_probabilities(model, inputs);
    const std::size_t n = p.shape()[0], c = p.shape()[1];
    Predictions out;
    for (std::size_t r = 0; r < n; ++r) {
        const float* row = p.data() + r * c;
        const auto best = static_cast<std::size_t>(std::max_element(row, row + c) - row);
        out.predicted_class.push_back(static_cast<int>(best));
        out.probability.push_back(row[best]);
    }
    return out;
}

BaseValues method_base_values(const std::string& method, const ExplainedModel& model, const Tensor& inputs,
                              const std::vector<int>& explained_class, const MethodSettings& settings) {
    const Shape shape(inputs.shape().begin(), inputs.shape().end());
    if (method == "integrated-gradients")
        return {
            output_at_row(model, settings.integrated_gradients.baseline.row_for(method, shape), shape, explained_class),
            "the output at the baseline: the values sum to about f(x) - base_values (completeness)"};
    if (method == "occlusion")
        return {output_at_row(model, settings.occlusion.baseline.row_for(method, shape), shape, explained_class),
                "the output at the occlusion baseline (the values need not sum to f(x) - base_values)"};
    if (method == "input-x-gradient" || method == "agop-ixg") {
        const std::size_t row = inputs.size() / inputs.shape()[0];
        return {output_at_row(model, std::vector<float>(row, 0.0f), shape, explained_class),
                "the output at the all-zero input (for standardised tables: each numeric column at its training "
                "mean, no category), the point x * g expands around; exact sums only for linear models"};
    }
    if (method == "deepshap" || method == "kernelshap") {
        const Tensor& background = method == "deepshap" ? settings.deepshap.background : settings.kernelshap.background;
        const Tensor out = predict_logits(model, background);
        const std::size_t b = out.shape()[0], c = out.shape()[1];
        std::vector<double> mean(c, 0.0);
        for (std::size_t r = 0; r < b; ++r)
            for (std::size_t k = 0; k < c; ++k) mean[k] += out(r, k);
        std::vector<double> values;
        for (int k : explained_class) values.push_back(mean[static_cast<std::size_t>(k)] / static_cast<double>(b));
        return {values,
                "the mean output over the background rows (shap's expected_value): the values sum to "
                "f(x) - base_values"};
    }
    return {std::vector<double>(explained_class.size(), std::numeric_limits<double>::quiet_NaN()),
            "none: " + method + " has no reference output; its values are not contributions that add up to f(x)"};
}

std::string predictions_csv(const Predictions& p, const std::vector<int>& explained_class,
                            const std::vector<std::string>& class_names) {
    auto name = [&](int k) {
        if (static_cast<std::size_t>(k) >= class_names.size()) return std::to_string(k);
        const std::string& s = class_names[static_cast<std::size_t>(k)];
        if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
        std::string quoted = "\"";
        for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        return quoted + "\"";
    };
    std::string out = "sample,predicted_class,probability,explained_class\n";
    for (std::size_t r = 0; r < p.predicted_class.size(); ++r) {
        char probability[32];
        std::snprintf(probability, sizeof probability, "%.9g", p.probability[r]);
        out += std::to_string(r) + "," + name(p.predicted_class[r]) + "," + probability + "," +
               name(explained_class[r]) + "\n";
    }
    return out;
}

}  // namespace agop::cli
