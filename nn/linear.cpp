#include "nn/linear.hpp"

#include "autodiff/ops.hpp"
#include "nn/init.hpp"

namespace agop::nn {

Linear::Linear(std::size_t in_features, std::size_t out_features, bool bias_, Rng& rng) : has_bias(bias_) {
    const Shape shape{out_features, in_features};
    weight.value = kaiming_uniform_default(shape, rng);
    register_parameter("weight", weight);
    if (has_bias) {
        bias.value = default_bias(shape, rng);
        register_parameter("bias", bias);
    }
}

Var Linear::forward(Tape& tape, const Var& x) {
    return linear(x, bind(tape, weight), has_bias ? bind(tape, bias) : Var());
}

}  // namespace agop::nn
