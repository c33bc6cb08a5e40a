#include "attribution/bilinear_upsample.hpp"

#include <algorithm>
#include <vector>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// For each output index along one axis: the two input indices and the weight of the second.
struct AxisSamples {
    std::vector<std::size_t> low, high;
    std::vector<float> fraction;
};

AxisSamples axis_samples(std::size_t in, std::size_t out) {
    AxisSamples a;
    const double scale = static_cast<double>(in) / static_cast<double>(out);
    for (std::size_t o = 0; o < out; ++o) {
        const double src = std::max(0.0, (static_cast<double>(o) + 0.5) * scale - 0.5);
        const std::size_t low = std::min(static_cast<std::size_t>(src), in - 1);
        a.low.push_back(low);
        a.high.push_back(std::min(low + 1, in - 1));
        a.fraction.push_back(static_cast<float>(src - static_cast<double>(low)));
    }
    return a;
}

}  // namespace

Tensor bilinear_upsample(const Tensor& maps, std::size_t height, std::size_t width) {
    if (maps.dimension() != 3 || maps.shape()[1] == 0 || maps.shape()[2] == 0 || height == 0 || width == 0)
        throw_shape_error("bilinear_upsample", "maps must be (N, h, w) and the output size at least 1x1", shape_of(maps));
    const std::size_t n = maps.shape()[0], h = maps.shape()[1], w = maps.shape()[2];
    const AxisSamples ys = axis_samples(h, height), xs = axis_samples(w, width);
    Tensor out = Tensor::from_shape({n, height, width});
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
        const float* m = maps.data() + i * h * w;
        float* o = out.data() + i * height * width;
        for (std::size_t y = 0; y < height; ++y) {
            const float fy = ys.fraction[y];
            const float* top = m + ys.low[y] * w;
            const float* bottom = m + ys.high[y] * w;
            for (std::size_t x = 0; x < width; ++x) {
                const float fx = xs.fraction[x];
                const float upper = (1.0f - fx) * top[xs.low[x]] + fx * top[xs.high[x]];
                const float lower = (1.0f - fx) * bottom[xs.low[x]] + fx * bottom[xs.high[x]];
                o[y * width + x] = (1.0f - fy) * upper + fy * lower;
            }
        }
    }
    return out;
}

}  // namespace agop
