#include "bench/training_step.hpp"

#include "autodiff/ops.hpp"
#include "autodiff/rng.hpp"

namespace agop::bench {

void training_step(nn::Model& model, nn::Optimizer& optimizer, const Tensor& inputs, const std::vector<int>& labels) {
    optimizer.zero_grad();
    Tape tape;
    Var loss = cross_entropy(model.forward(tape, tape.constant(inputs)), labels);
    tape.backward(loss);
    optimizer.step();
}

std::vector<int> random_labels(std::size_t count, std::size_t classes, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<int> labels(count);
    for (int& label : labels) label = static_cast<int>(rng.uniform_index(classes));
    return labels;
}

}  // namespace agop::bench
