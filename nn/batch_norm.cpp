#include "nn/batch_norm.hpp"

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop::nn {

BatchNorm::BatchNorm(std::size_t channels, bool spatial_, float momentum_, float eps_)
    : spatial(spatial_), momentum(momentum_), eps(eps_) {
    weight.value = filled({channels}, 1.0f);
    bias.value = filled({channels}, 0.0f);
    running_mean = filled({channels}, 0.0f);
    running_var = filled({channels}, 1.0f);
    register_parameter("weight", weight);
    register_parameter("bias", bias);
    register_buffer("running_mean", running_mean);
    register_buffer("running_var", running_var);
}

Var BatchNorm::forward(Tape& tape, const Var& x) {
    if (x.shape().size() != (spatial ? 4u : 2u))
        throw_shape_error(spatial ? "BatchNorm2d '" + path() + "'" : "BatchNorm1d '" + path() + "'",
                          spatial ? "expected (N, C, H, W)" : "expected (N, C)", x.shape());
    return batch_norm(x, bind(tape, weight), bind(tape, bias), {&running_mean, &running_var, momentum, eps},
                      training());
}

}  // namespace agop::nn
