#include "nn/resnet18.hpp"

#include "autodiff/error.hpp"
#include "nn/init.hpp"

namespace agop::nn {

namespace {
void make_stage(Sequential& stage, std::size_t in, std::size_t out, std::size_t stride, Rng& rng) {
    stage.add(std::make_unique<BasicBlock>(in, out, stride, rng));
    stage.add(std::make_unique<BasicBlock>(out, out, 1, rng));
}

void kaiming_fan_out(Conv2d& conv, Rng& rng) {
    const Shape s = shape_of(conv.weight.value);
    conv.weight.value = kaiming_normal(s, fan_out(s), rng);
}
}  // namespace

ResNet18::ResNet18(std::size_t in_channels, std::size_t classes, std::uint64_t seed)
    : in_channels_(in_channels),
      classes_(classes),
      rng_(seed),
      conv1({in_channels, 64, 7, 2, 3, false}, rng_),
      bn1(64, true),
      maxpool(3, 2, 1),
      fc(512, classes, true, rng_) {
    if (in_channels == 0 || classes == 0) throw Error("ResNet18: in_channels and classes must be at least 1");
    make_stage(layer1, 64, 64, 1, rng_);
    make_stage(layer2, 64, 128, 2, rng_);
    make_stage(layer3, 128, 256, 2, rng_);
    make_stage(layer4, 256, 512, 2, rng_);
    register_module("conv1", conv1);
    register_module("bn1", bn1);
    register_module("relu", relu);
    register_module("maxpool", maxpool);
    register_module("layer1", layer1);
    register_module("layer2", layer2);
    register_module("layer3", layer3);
    register_module("layer4", layer4);
    register_module("avgpool", avgpool);
    register_module("fc", fc);
    // torchvision re-initialises every conv after construction.
    kaiming_fan_out(conv1, rng_);
    for (Sequential* stage : {&layer1, &layer2, &layer3, &layer4})
        for (std::size_t b = 0; b < stage->size(); ++b) {
            auto& block = static_cast<BasicBlock&>((*stage)[b]);
            kaiming_fan_out(block.conv1, rng_);
            kaiming_fan_out(block.conv2, rng_);
            if (block.downsample) kaiming_fan_out(static_cast<Conv2d&>((*block.downsample)[0]), rng_);
        }
}

Var ResNet18::forward(Tape& tape, const Var& x) {
    const Shape s = x.shape();
    if (s.size() != 4 || s[1] != in_channels_ || s[2] < 32 || s[3] < 32)
        throw_shape_error("ResNet18", "expected images (N, " + std::to_string(in_channels_) + ", H >= 32, W >= 32)", s);
    const Var c1 = conv1.call(tape, x);
    // One op for batch norm + ReLU where the tape allows it (Tape::allows_fused_ops).
    Var h =
        maxpool.call(tape, tape.allows_fused_ops() ? bn1.forward_relu(tape, c1) : relu.call(tape, bn1.call(tape, c1)));
    h = layer4.call(tape, layer3.call(tape, layer2.call(tape, layer1.call(tape, h))));
    return fc.call(tape, avgpool.call(tape, h));
}

Metadata ResNet18::architecture() const {
    return {{"architecture", "resnet18"},
            {"in_channels", std::to_string(in_channels_)},
            {"classes", std::to_string(classes_)}};
}

}  // namespace agop::nn
