#include "data/gaussian_filter.hpp"

#include <cmath>
#include <string>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// Index of position i (any integer) in a signal of length n under scipy's 'reflect' mode:
// the signal mirrored about its edges is periodic with period 2n.
std::size_t reflect_index(long i, long n) {
    const long period = 2 * n;
    long m = i % period;
    if (m < 0) m += period;
    return static_cast<std::size_t>(m < n ? m : period - 1 - m);
}

// Filters `count` lines of `length` samples, sample k of line l at data[l * line_step + k * sample_step].
void filter_lines(std::vector<double>& data, std::size_t count, std::size_t length, std::size_t line_step,
                  std::size_t sample_step, const std::vector<double>& kernel) {
    const long radius = static_cast<long>(kernel.size() / 2);
    std::vector<double> line(length);
    for (std::size_t l = 0; l < count; ++l) {
        for (std::size_t k = 0; k < length; ++k) line[k] = data[l * line_step + k * sample_step];
        for (std::size_t k = 0; k < length; ++k) {
            double sum = 0.0;
            for (long t = -radius; t <= radius; ++t)
                sum += kernel[static_cast<std::size_t>(t + radius)] *
                       line[reflect_index(static_cast<long>(k) + t, static_cast<long>(length))];
            data[l * line_step + k * sample_step] = sum;
        }
    }
}

}  // namespace

std::vector<double> gaussian_kernel(double sigma, double truncate) {
    if (!(sigma > 0.0)) throw Error("gaussian_kernel: sigma must be positive; got " + std::to_string(sigma));
    const long radius = static_cast<long>(truncate * sigma + 0.5);
    std::vector<double> kernel(static_cast<std::size_t>(2 * radius + 1));
    double sum = 0.0;
    for (long x = -radius; x <= radius; ++x) {
        const double w = std::exp(-0.5 / (sigma * sigma) * static_cast<double>(x * x));
        kernel[static_cast<std::size_t>(x + radius)] = w;
        sum += w;
    }
    for (double& w : kernel) w /= sum;
    return kernel;
}

std::vector<double> gaussian_filter(const std::vector<double>& image, std::size_t height, std::size_t width,
                                    double sigma, double truncate) {
    if (image.size() != height * width)
        throw Error("gaussian_filter: image has " + std::to_string(image.size()) + " values, expected " +
                    std::to_string(height) + " x " + std::to_string(width));
    const std::vector<double> kernel = gaussian_kernel(sigma, truncate);
    std::vector<double> out = image;
    filter_lines(out, width, height, 1, width, kernel);  // axis 0: columns
    filter_lines(out, height, width, width, 1, kernel);  // axis 1: rows
    return out;
}

}  // namespace agop
