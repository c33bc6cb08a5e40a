#include "nn/conv2d.hpp"

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"
#include "nn/init.hpp"

namespace agop::nn {

Conv2d::Conv2d(const Conv2dShape& shape_, Rng& rng) : shape(shape_) {
    if (shape.in_channels == 0 || shape.out_channels == 0 || shape.kernel == 0 || shape.stride == 0)
        throw Error("Conv2d: channels, kernel and stride must be at least 1");
    const Shape w{shape.out_channels, shape.in_channels, shape.kernel, shape.kernel};
    weight.value = kaiming_uniform_default(w, rng);
    register_parameter("weight", weight);
    if (shape.bias) {
        bias.value = default_bias(w, rng);
        register_parameter("bias", bias);
    }
}

Var Conv2d::forward(Tape& tape, const Var& x) {
    return conv2d(x, bind(tape, weight), shape.bias ? bind(tape, bias) : Var(), shape.stride, shape.padding);
}

}  // namespace agop::nn
