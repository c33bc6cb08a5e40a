#include "eval/channel_pooling.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"

namespace agop {

namespace {

double pool_pixel(const float* first, std::size_t channels, std::size_t stride, ChannelPooling pooling) {
    double sum = 0.0, sum_abs = 0.0, sum_squares = 0.0, max_abs = 0.0;
    for (std::size_t c = 0; c < channels; ++c) {
        const double r = first[c * stride];
        sum += r;
        sum_abs += std::abs(r);
        sum_squares += r * r;
        max_abs = std::max(max_abs, std::abs(r));
    }
    switch (pooling) {
        case ChannelPooling::sum_of_abs: return sum_abs;
        case ChannelPooling::max_abs: return max_abs;
        case ChannelPooling::l2: return std::sqrt(sum_squares);
        case ChannelPooling::l2_squared: return sum_squares;
        case ChannelPooling::abs_of_sum: return std::abs(sum);
        case ChannelPooling::positive_sum: return std::max(sum, 0.0);
    }
    throw Error("pool_channels: unknown pooling");
}

}  // namespace

Tensor pool_channels(const Tensor& attribution, ChannelPooling pooling) {
    const Shape in = shape_of(attribution);
    if ((in.size() != 3 && in.size() != 4) || in[in.size() - 3] == 0)
        throw_shape_error("pool_channels", "expected (C, H, W) or (N, C, H, W) with C >= 1", in);
    const bool batched = in.size() == 4;
    const std::size_t n = batched ? in[0] : 1, channels = in[in.size() - 3];
    const std::size_t pixels = in[in.size() - 2] * in[in.size() - 1];
    Shape out_shape(in.begin(), in.end());
    out_shape.erase(out_shape.end() - 3);
    Tensor out = Tensor::from_shape(out_shape);
    const float* src = attribution.data();
    float* dst = out.data();
    for (std::size_t s = 0; s < n; ++s)
        for (std::size_t p = 0; p < pixels; ++p)
            dst[s * pixels + p] =
                static_cast<float>(pool_pixel(src + s * channels * pixels + p, channels, pixels, pooling));
    return out;
}

}  // namespace agop
