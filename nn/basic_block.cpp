#include "nn/basic_block.hpp"

#include "autodiff/ops.hpp"

namespace agop::nn {

BasicBlock::BasicBlock(std::size_t in_channels, std::size_t out_channels, std::size_t stride, Rng& rng)
    : conv1({in_channels, out_channels, 3, stride, 1, false}, rng),
      bn1(out_channels, true),
      conv2({out_channels, out_channels, 3, 1, 1, false}, rng),
      bn2(out_channels, true) {
    register_module("conv1", conv1);
    register_module("bn1", bn1);
    register_module("conv2", conv2);
    register_module("bn2", bn2);
    if (stride != 1 || in_channels != out_channels) {
        downsample = std::make_unique<Sequential>();
        downsample->add(std::make_unique<Conv2d>(Conv2dShape{in_channels, out_channels, 1, stride, 0, false}, rng));
        downsample->add(std::make_unique<BatchNorm>(out_channels, true));
        register_module("downsample", *downsample);
    }
}

Var BasicBlock::forward(Tape& tape, const Var& x) {
    const Var c1 = conv1.call(tape, x);
    // One op for batch norm + ReLU where the tape allows it (Tape::allows_fused_ops).
    Var h = tape.allows_fused_ops() ? bn1.forward_relu(tape, c1) : relu(bn1.call(tape, c1));
    h = bn2.call(tape, conv2.call(tape, h));
    Var shortcut = downsample ? downsample->call(tape, x) : x;
    return relu(add(h, shortcut));
}

}  // namespace agop::nn
