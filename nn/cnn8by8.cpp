#include "nn/cnn8by8.hpp"

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"
#include "nn/conv2d.hpp"
#include "nn/init.hpp"
#include "nn/linear.hpp"

namespace agop::nn {

Cnn8by8::Cnn8by8(std::uint64_t seed, std::size_t classes, bool output_probabilities)
    : classes_(classes), output_probabilities_(output_probabilities) {
    if (classes == 0) throw Error("Cnn8by8: classes must be at least 1");
    Rng rng(seed);
    for (std::size_t block = 0; block < 4; ++block) {
        auto& conv = cnn_layers.add(std::make_unique<Conv2d>(Conv2dShape{block == 0 ? 1u : 4u, 4, 2, 1, 1, true}, rng));
        conv.weight.value = kaiming_normal(shape_of(conv.weight.value), fan_in(shape_of(conv.weight.value)), rng);
        cnn_layers.add(std::make_unique<ReLU>());
        cnn_layers.add(std::make_unique<MaxPool2d>(2, 2));
    }
    auto& fc = linear_layers.add(std::make_unique<Linear>(4, classes, true, rng));
    fc.weight.value = kaiming_normal(shape_of(fc.weight.value), fan_in(shape_of(fc.weight.value)), rng);
    register_module("cnn_layers", cnn_layers);
    register_module("flatten", flatten);
    register_module("linear_layers", linear_layers);
}

Var Cnn8by8::forward(Tape& tape, const Var& x) {
    if (x.shape().size() != 4 || x.shape()[1] != 1 || x.shape()[2] != 8 || x.shape()[3] != 8)
        throw_shape_error("Cnn8by8", "expected images (N, 1, 8, 8)", x.shape());
    Var features = x;
    if (tape.allows_fused_ops()) {
        // Each block's ReLU and max-pool as one op with the same bits (relu_max_pool2x2): a
        // pass and a tensor fewer each way in training, where they were a fifth of the time.
        for (std::size_t block = 0; block < 4; ++block)
            features = relu_max_pool2x2(cnn_layers[3 * block].call(tape, features));
    } else {
        features = cnn_layers.call(tape, x);  // each layer's own op, and its output recorded by name
    }
    Var logits = linear_layers.call(tape, flatten.call(tape, features));
    return output_probabilities_ ? softmax(logits) : logits;
}

Metadata Cnn8by8::architecture() const {
    return {{"architecture", "cnn8by8"},
            {"classes", std::to_string(classes_)},
            {"output_probabilities", output_probabilities_ ? "true" : "false"}};
}

}  // namespace agop::nn
