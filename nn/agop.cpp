#include "nn/agop.hpp"

#include <algorithm>
#include <numeric>

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop::nn {

namespace {

// Seeds (B, C) that select, per row, the output class whose Jacobian row is wanted.
Tensor one_hot_rows(const std::vector<std::size_t>& classes, std::size_t num_classes) {
    Tensor seed = xt::zeros<float>({classes.size(), num_classes});
    for (std::size_t i = 0; i < classes.size(); ++i) seed.data()[i * num_classes + classes[i]] = 1.0f;
    return seed;
}

// Adds the outer products (or squares) of the rows of g (B, d) into sum.
void add_outer_products(const Tensor& g, std::size_t batch, std::size_t d, bool diagonal, Tensor& sum) {
    if (diagonal) {
        float* out = sum.data();
        const float* rows = g.data();
        for (std::size_t i = 0; i < batch; ++i)
            for (std::size_t k = 0; k < d; ++k) out[k] += rows[i * d + k] * rows[i * d + k];
    } else {
        backend().gemm(true, false, d, d, batch, 1.0f, g.data(), g.data(), 1.0f, sum.data());
    }
}

}  // namespace

void add_agop_sum(Model& model, const Tensor& x, const std::vector<int>* labels, const AgopOptions& options,
                  Tensor& sum) {
    if (x.dimension() < 2 || x.shape()[0] == 0) throw Error("AGOP: expected a non-empty batch (B, ...), got " + shape_string(x));
    const std::size_t batch = x.shape()[0], d = x.size() / batch, classes = model.num_classes();
    const Shape sample(x.shape().begin() + 1, x.shape().end());
    const Shape expected = options.diagonal ? sample : Shape{d, d};
    if (sum.size() == 0 || sum.dimension() == 0) sum = xt::zeros<float>(expected);
    if (shape_of(sum) != expected) throw_shape_error("AGOP", "the running sum does not match the inputs", shape_of(sum), expected);
    if (options.outputs == AgopOptions::Outputs::true_class && (!labels || labels->size() != batch))
        throw Error("AGOP: outputs = true needs one label per sample (" + std::to_string(batch) + ")");

    ModeGuard restore(model);
    model.eval();
    model.set_requires_grad(false);
    Tape tape;
    Var input = tape.input(x);
    Var out = model.forward(tape, input);
    if (options.space == AgopOptions::Space::probabilities) out = softmax(out);
    if (out.shape() != Shape{batch, classes})
        throw_shape_error("AGOP", "expected model outputs (B, C)", out.shape(), Shape{batch, classes});

    std::vector<std::size_t> rows(batch);
    if (options.outputs == AgopOptions::Outputs::all) {
        for (std::size_t c = 0; c < classes; ++c) {
            std::fill(rows.begin(), rows.end(), c);
            tape.backward(out, one_hot_rows(rows, classes));
            add_outer_products(input.grad(), batch, d, options.diagonal, sum);
        }
        return;
    }
    for (std::size_t i = 0; i < batch; ++i) {
        if (options.outputs == AgopOptions::Outputs::true_class) {
            if ((*labels)[i] < 0 || static_cast<std::size_t>((*labels)[i]) >= classes)
                throw Error("AGOP: label " + std::to_string((*labels)[i]) + " outside [0, " + std::to_string(classes) + ")");
            rows[i] = static_cast<std::size_t>((*labels)[i]);
        } else {
            const float* scores = out.value().data() + i * classes;
            rows[i] = static_cast<std::size_t>(std::max_element(scores, scores + classes) - scores);
        }
    }
    tape.backward(out, one_hot_rows(rows, classes));
    add_outer_products(input.grad(), batch, d, options.diagonal, sum);
}

Tensor compute_agop(Model& model, const Tensor& inputs, const AgopOptions& options, const std::vector<int>* labels) {
    if (inputs.dimension() < 2 || inputs.shape()[0] == 0) throw Error("compute_agop: expected inputs (N, ...), got " + shape_string(inputs));
    if (options.batch_size == 0) throw Error("compute_agop: batch_size must be at least 1");
    const std::size_t n = inputs.shape()[0];
    if (labels && labels->size() != n) throw Error("compute_agop: " + std::to_string(labels->size()) + " labels for " + std::to_string(n) + " inputs");
    Tensor sum;
    for (std::size_t begin = 0; begin < n; begin += options.batch_size) {
        std::vector<std::size_t> rows(std::min(options.batch_size, n - begin));
        std::iota(rows.begin(), rows.end(), begin);
        std::vector<int> batch_labels;
        if (labels) batch_labels.assign(labels->begin() + begin, labels->begin() + begin + rows.size());
        add_agop_sum(model, gather_rows(inputs, rows), labels ? &batch_labels : nullptr, options, sum);
    }
    sum /= static_cast<float>(n);
    return sum;
}

Tensor agop_diagonal(const Tensor& full, const Shape& sample_shape) {
    const std::size_t d = element_count(sample_shape);
    if (shape_of(full) != Shape{d, d}) throw_shape_error("agop_diagonal", "expected a (d, d) AGOP for the sample shape", shape_of(full), sample_shape);
    Tensor diagonal = Tensor::from_shape(sample_shape);
    for (std::size_t k = 0; k < d; ++k) diagonal.data()[k] = full.data()[k * d + k];
    return diagonal;
}

}  // namespace agop::nn
