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

namespace {
void check_input(const BatchNorm& bn, const Var& x) {
    if (x.shape().size() != (bn.spatial ? 4u : 2u))
        throw_shape_error(bn.spatial ? "BatchNorm2d '" + bn.path() + "'" : "BatchNorm1d '" + bn.path() + "'",
                          bn.spatial ? "expected (N, C, H, W)" : "expected (N, C)", x.shape());
}
}  // namespace

Var BatchNorm::forward(Tape& tape, const Var& x) {
    check_input(*this, x);
    return batch_norm(x, bind(tape, weight), bind(tape, bias), {&running_mean, &running_var, momentum, eps},
                      training());
}

Var BatchNorm::forward_relu(Tape& tape, const Var& x) {
    check_input(*this, x);
    return batch_norm_relu(x, bind(tape, weight), bind(tape, bias), {&running_mean, &running_var, momentum, eps},
                           training());
}

}  // namespace agop::nn
