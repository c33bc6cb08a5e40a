#include "attribution/lime.hpp"

#include <algorithm>
#include <cmath>

#include "attribution/linear_solve.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "autodiff/threads.hpp"

namespace agop {

namespace {

// Weighted ridge with an unpenalised intercept (sklearn's Ridge with sample_weight):
// centre by the weighted means, then solve (S^T W S + alpha I) β = S^T W y.
bool weighted_ridge(const float* rows, const std::vector<double>& y, const std::vector<double>& w, std::size_t k,
                    std::size_t d, double alpha, std::vector<double>& beta) {
    double total_weight = 0.0, y_mean = 0.0;
    std::vector<double> mean(d, 0.0);
    for (std::size_t s = 0; s < k; ++s) {
        total_weight += w[s];
        y_mean += w[s] * y[s];
        for (std::size_t j = 0; j < d; ++j) mean[j] += w[s] * rows[s * d + j];
    }
    y_mean /= total_weight;
    for (double& m : mean) m /= total_weight;
    std::vector<double> a(d * d, 0.0), rhs(d, 0.0), centred(d);
    // S^T W S is symmetric: the upper triangle is summed and mirrored (half the work of the
    // fit, which was a third of LIME's time).
    for (std::size_t s = 0; s < k; ++s) {
        for (std::size_t j = 0; j < d; ++j) centred[j] = rows[s * d + j] - mean[j];
        for (std::size_t i = 0; i < d; ++i) {
            const double weighted = w[s] * centred[i];
            rhs[i] += weighted * (y[s] - y_mean);
            for (std::size_t j = i; j < d; ++j) a[i * d + j] += weighted * centred[j];
        }
    }
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = i + 1; j < d; ++j) a[j * d + i] = a[i * d + j];
    for (std::size_t j = 0; j < d; ++j) a[j * d + j] += alpha;
    return solve_linear_system(std::move(a), std::move(rhs), d, beta);
}

}  // namespace

FeatureStatistics feature_statistics(const Tensor& training_inputs) {
    check_batch("feature_statistics", training_inputs);
    if (training_inputs.dimension() != 2)
        throw_shape_error("feature_statistics", "training inputs must be a table (N, d)", shape_of(training_inputs));
    const std::size_t n = training_inputs.shape()[0], d = training_inputs.shape()[1];
    std::vector<double> mean(d, 0.0), variance(d, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) mean[j] += training_inputs.data()[i * d + j];
    for (double& m : mean) m /= static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            const double diff = training_inputs.data()[i * d + j] - mean[j];
            variance[j] += diff * diff;
        }
    FeatureStatistics stats{Tensor::from_shape({d}), Tensor::from_shape({d})};
    for (std::size_t j = 0; j < d; ++j) {
        const double deviation = std::sqrt(variance[j] / static_cast<double>(n));
        stats.mean(j) = static_cast<float>(mean[j]);
        stats.std(j) = deviation > 0.0 ? static_cast<float>(deviation) : 1.0f;
    }
    return stats;
}

Tensor lime(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
            const LimeSettings& settings) {
    const std::string method = "lime";
    check_batch_and_targets(method, model, inputs, targets);
    if (inputs.dimension() != 2) throw_shape_error(method, "LIME explains tables: inputs must be (N, d)", shape_of(inputs));
    const std::size_t n = inputs.shape()[0], d = inputs.shape()[1], k = settings.samples;
    if (shape_of(settings.feature_mean) != Shape{d} || shape_of(settings.feature_std) != Shape{d})
        throw_shape_error(method, "settings.feature_mean and settings.feature_std must be the training statistics (d) "
                                  "of the " + std::to_string(d) + " columns (see feature_statistics)",
                          shape_of(settings.feature_mean), shape_of(settings.feature_std));
    if (k < 2) throw Error("lime: settings.samples must be at least 2, got " + std::to_string(k));
    const float* mean = settings.feature_mean.data();
    const float* deviation = settings.feature_std.data();
    const double width = settings.kernel_width > 0.0 ? settings.kernel_width : 0.75 * std::sqrt(static_cast<double>(d));

    Tensor attributions = Tensor::from_shape({n, d});
    // At least one sample per thread: drawing the perturbations and the ridge fits run one sample per thread.
    const std::size_t samples_per_pass =
        std::max<std::size_t>(static_cast<std::size_t>(thread_count()), 8 * model.max_batch_rows / k);
    for (std::size_t first = 0; first < n; first += samples_per_pass) {
        const std::size_t count = std::min(samples_per_pass, n - first);
        // standardised (count * k, d): row 0 of each sample is the sample itself
        Tensor standardised = Tensor::from_shape({count * k, d});
        Tensor perturbed = Tensor::from_shape({count * k, d});
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(count); ++i) {
            const std::size_t sample = first + i;
            Rng rng = Rng::stream(settings.seed, settings.first_row + sample);
            const float* x = inputs.data() + sample * d;
            float* z0 = standardised.data() + i * k * d;
            float* p0 = perturbed.data() + i * k * d;
            for (std::size_t j = 0; j < d; ++j) {
                z0[j] = (x[j] - mean[j]) / deviation[j];
                p0[j] = x[j];
            }
            rng.fill_normal(z0 + d, (k - 1) * d);
            for (std::size_t s = 1; s < k; ++s)
                for (std::size_t j = 0; j < d; ++j) p0[s * d + j] = z0[s * d + j] * deviation[j] + mean[j];
        }
        const Tensor logits = predict_logits(model, perturbed);
        const std::size_t classes = logits.shape()[1];
        std::vector<char> solved(count, 1);
#pragma omp parallel for schedule(dynamic)
        for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(count); ++i) {
            const float* rows = standardised.data() + i * k * d;
            std::vector<double> y(k), w(k), beta;
            for (std::size_t s = 0; s < k; ++s) {
                double squared = 0.0;
                for (std::size_t j = 0; j < d; ++j) {
                    const double diff = rows[s * d + j] - rows[j];
                    squared += diff * diff;
                }
                w[s] = std::sqrt(std::exp(-squared / (width * width)));
                y[s] = logits.data()[(i * k + s) * classes + targets[first + i]];
            }
            solved[i] = weighted_ridge(rows, y, w, k, d, settings.ridge_alpha, beta);
            if (solved[i])
                for (std::size_t j = 0; j < d; ++j) attributions.data()[(first + i) * d + j] = static_cast<float>(beta[j]);
        }
        for (std::size_t i = 0; i < count; ++i)
            if (!solved[i])
                throw Error("lime: the ridge system of sample " + std::to_string(first + i) +
                            " is singular; use settings.ridge_alpha > 0 or more settings.samples");
    }
    return attributions;
}

}  // namespace agop
