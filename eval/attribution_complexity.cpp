#include "eval/attribution_complexity.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "autodiff/error.hpp"

namespace agop {

namespace {

std::vector<double> magnitudes(const float* attribution, std::size_t elements) {
    std::vector<double> out(elements);
    for (std::size_t j = 0; j < elements; ++j) out[j] = std::fabs(static_cast<double>(attribution[j]));
    return out;
}

template <class PerSample>
SampleMean per_sample_values(const std::string& metric, const Tensor& attributions, PerSample value) {
    if (attributions.dimension() < 2 || attributions.shape()[0] == 0 || attributions.size() == 0)
        throw Error(metric + ": expected attributions (N, ...) with N >= 1, got " + shape_string(attributions));
    const std::size_t n = attributions.shape()[0], elements = attributions.size() / n;
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = value(attributions.data() + i * elements, elements);
    return sample_mean(metric, std::move(values));
}

}  // namespace

double gini_sparseness(const float* attribution, std::size_t elements) {
    if (elements == 0) throw Error("sparseness: an empty attribution");
    std::vector<double> a = magnitudes(attribution, elements);
    std::sort(a.begin(), a.end());
    double weighted = 0.0, total = 0.0;
    const double d = static_cast<double>(elements);
    for (std::size_t i = 0; i < elements; ++i) {
        weighted += (2.0 * static_cast<double>(i + 1) - d - 1.0) * a[i];
        total += a[i];
    }
    return total == 0.0 ? 0.0 : weighted / (d * total);
}

double attribution_entropy(const float* attribution, std::size_t elements) {
    if (elements == 0) throw Error("complexity: an empty attribution");
    const std::vector<double> a = magnitudes(attribution, elements);
    double total = 0.0;
    for (double v : a) total += v;
    if (total == 0.0) return std::log(static_cast<double>(elements));
    double entropy = 0.0;
    for (double v : a)
        if (v > 0.0) entropy -= (v / total) * std::log(v / total);
    return entropy;
}

SampleMean sparseness(const Tensor& attributions) {
    return per_sample_values("sparseness", attributions, gini_sparseness);
}

SampleMean complexity(const Tensor& attributions) {
    return per_sample_values("complexity", attributions, attribution_entropy);
}

}  // namespace agop
