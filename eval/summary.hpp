#pragma once
// Summaries of per-sample metric values: the mean over a batch of samples (keeping the
// per-sample values) and the mean with a 95% confidence interval over seeds or samples.

#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "autodiff/error.hpp"
#include "autodiff/tensor.hpp"

namespace agop {

// The mean of a metric over samples, with the per-sample values (for intervals, medians).
struct SampleMean {
    double mean = 0.0;
    std::vector<double> per_sample;
};

// Mean, 95% half-width and count: the interval is mean ± half_width.
struct MeanInterval {
    double mean = 0.0;
    double half_width = 0.0;
    std::size_t n = 0;
};

// The mean of `per_sample`. Throws agop::Error naming `op` if it is empty.
SampleMean sample_mean(const std::string& op, std::vector<double> per_sample);

// Mean and 95% interval mean ± t · s / sqrt(n), s the sample standard deviation (n − 1),
// t the two-sided 97.5% Student-t quantile for n − 1 degrees of freedom. For n = 1 the
// half-width is +infinity (one value says nothing about the spread). Throws if empty.
MeanInterval mean_and_interval(const std::vector<double>& values);

// The 97.5% quantile of Student's t with `degrees_of_freedom` (>= 1): a table for 1..30
// (4 decimals), and the normal 1.96 above 30 (at df 31 the table's 2.04 is 4% wider).
double student_t_975(std::size_t degrees_of_freedom);

// Throws unless `batch` is (N, ...) with N >= 1 and `masks` (ground-truth masks or values)
// is either (N, ...) like the batch (one per sample) or of the shape of one sample (shared).
void require_batch_and_masks(const std::string& op, const Tensor& batch, const Tensor& masks);

// Applies metric(sample, mask) to each sample of `batch` (N, ...) with its mask from `masks`
// ((N, ...), or one shared mask of the sample shape) and averages the values.
template <class Metric>
SampleMean average_over_samples(const std::string& op, const Tensor& batch, const Tensor& masks, Metric metric) {
    require_batch_and_masks(op, batch, masks);
    const bool one_mask_per_sample = masks.dimension() == batch.dimension();
    std::vector<double> per_sample(batch.shape()[0]);
    for (std::size_t i = 0; i < per_sample.size(); ++i) {
        const Tensor sample = xt::view(batch, i);
        per_sample[i] = one_mask_per_sample ? metric(sample, Tensor(xt::view(masks, i))) : metric(sample, masks);
    }
    return sample_mean(op, std::move(per_sample));
}

}  // namespace agop
