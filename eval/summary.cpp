#include "eval/summary.hpp"

#include <cmath>
#include <limits>

namespace agop {

SampleMean sample_mean(const std::string& op, std::vector<double> per_sample) {
    if (per_sample.empty()) throw Error(op + ": no samples to average (got 0)");
    double sum = 0.0;
    for (double v : per_sample) sum += v;
    return {sum / static_cast<double>(per_sample.size()), std::move(per_sample)};
}

double student_t_975(std::size_t degrees_of_freedom) {
    static const double table[30] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
                                     2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
                                     2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
                                     2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    if (degrees_of_freedom == 0) throw Error("student_t_975: degrees of freedom must be >= 1 (got 0)");
    return degrees_of_freedom <= 30 ? table[degrees_of_freedom - 1] : 1.96;
}

MeanInterval mean_and_interval(const std::vector<double>& values) {
    const SampleMean m = sample_mean("mean_and_interval", values);
    const std::size_t n = values.size();
    if (n == 1) return {m.mean, std::numeric_limits<double>::infinity(), 1};
    double squares = 0.0;
    for (double v : values) squares += (v - m.mean) * (v - m.mean);
    const double standard_deviation = std::sqrt(squares / static_cast<double>(n - 1));
    return {m.mean, student_t_975(n - 1) * standard_deviation / std::sqrt(static_cast<double>(n)), n};
}

void require_batch_and_masks(const std::string& op, const Tensor& batch, const Tensor& masks) {
    const Shape batch_shape = shape_of(batch), mask_shape = shape_of(masks);
    if (batch_shape.empty() || batch_shape[0] == 0)
        throw_shape_error(op, "expected a batch (N, ...) with N >= 1", batch_shape);
    const Shape sample_shape(batch_shape.begin() + 1, batch_shape.end());
    if (mask_shape != batch_shape && mask_shape != sample_shape)
        throw_shape_error(op, "the ground truth must be (N, ...) like the batch, or one of the sample shape " +
                                  shape_string(sample_shape),
                          batch_shape, mask_shape);
}

}  // namespace agop
