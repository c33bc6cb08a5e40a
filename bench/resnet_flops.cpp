#include "bench/resnet_flops.hpp"

#include <initializer_list>

namespace agop::bench {

namespace {

std::size_t output_size(std::size_t size, std::size_t kernel, std::size_t stride, std::size_t padding) {
    return (size + 2 * padding - kernel) / stride + 1;
}

// A square convolution from (in_channels, h, w); h and w become its output size.
double conv_macs(std::size_t in_channels, std::size_t out_channels, std::size_t kernel, std::size_t stride,
                 std::size_t padding, std::size_t& h, std::size_t& w) {
    h = output_size(h, kernel, stride, padding);
    w = output_size(w, kernel, stride, padding);
    return static_cast<double>(h * w * out_channels * in_channels * kernel * kernel);
}

}  // namespace

double resnet18_forward_macs(std::size_t channels, std::size_t height, std::size_t width, std::size_t classes) {
    std::size_t h = height, w = width;
    double macs = conv_macs(channels, 64, 7, 2, 3, h, w);  // conv1
    h = output_size(h, 3, 2, 1);                           // maxpool
    w = output_size(w, 3, 2, 1);
    std::size_t in = 64;
    for (std::size_t out : {64u, 128u, 256u, 512u}) {
        for (std::size_t block = 0; block < 2; ++block) {
            const std::size_t stride = (block == 0 && out != 64) ? 2 : 1;
            std::size_t down_h = h, down_w = w;
            if (stride != 1) macs += conv_macs(in, out, 1, stride, 0, down_h, down_w);  // downsample
            macs += conv_macs(in, out, 3, stride, 1, h, w);
            macs += conv_macs(out, out, 3, 1, 1, h, w);
            in = out;
        }
    }
    return macs + static_cast<double>(512 * classes);  // fc after the global average pool
}

}  // namespace agop::bench
