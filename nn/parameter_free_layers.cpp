#include "nn/parameter_free_layers.hpp"

#include "autodiff/ops.hpp"

namespace agop::nn {

Var ReLU::forward(Tape&, const Var& x) { return relu(x); }

Var Flatten::forward(Tape&, const Var& x) { return flatten(x); }

Dropout::Dropout(float p_, std::uint64_t seed) : p(p_), rng_(seed) {}

Var Dropout::forward(Tape&, const Var& x) { return dropout(x, p, rng_, training()); }

Var MaxPool2d::forward(Tape&, const Var& x) { return max_pool2d(x, kernel, stride, padding); }

Var AvgPool2d::forward(Tape&, const Var& x) { return avg_pool2d(x, kernel, stride, padding); }

Var GlobalAvgPool::forward(Tape&, const Var& x) { return global_avg_pool(x); }

}  // namespace agop::nn
