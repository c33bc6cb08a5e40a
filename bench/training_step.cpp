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

Measurement training_steps_rate(const std::string& id, const std::string& description, const std::string& unit,
                                nn::Model& model, nn::Optimizer& optimizer, const Tensor& inputs,
                                const std::vector<int>& labels, std::size_t steps, int threads) {
    const Timing t = time_median([&] {
        for (std::size_t s = 0; s < steps; ++s) training_step(model, optimizer, inputs, labels);
    });
    return rate_measurement(id, description, unit, static_cast<double>(inputs.shape()[0] * steps), t, threads);
}

std::vector<int> random_labels(std::size_t count, std::size_t classes, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<int> labels(count);
    for (int& label : labels) label = static_cast<int>(rng.uniform_index(classes));
    return labels;
}

}  // namespace agop::bench
