#include "nn/sequential.hpp"

namespace agop::nn {

Var Sequential::forward(Tape& tape, const Var& x) {
    Var h = x;
    for (auto& layer : layers_) h = layer->call(tape, h);
    return h;
}

}  // namespace agop::nn
