#include "attribution/explained_model.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "attribution/row_pieces.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"

namespace agop {

namespace {

void check_logits_function(const std::string& method, const ExplainedModel& model) {
    if (!model.logits) throw Error(method + ": model.logits is empty; wrap the model in an ExplainedModel first");
    if (model.max_batch_rows == 0) throw Error(method + ": model.max_batch_rows must be at least 1");
}

void check_logits_shape(const std::string& method, const Shape& logits, std::size_t rows) {
    if (logits.size() != 2 || logits[0] != rows || logits[1] == 0)
        throw_shape_error(method, "model.logits must return (N, C) with N = " + std::to_string(rows) + " rows", logits);
}

// Logits of one chunk, recorded on nothing.
Tensor chunk_logits(const std::string& method, const ExplainedModel& model, Tensor chunk) {
    const std::size_t rows = chunk.shape()[0];
    Tape tape;
    NoGradGuard no_grad(tape);
    Var logits = model.logits(tape, tape.constant(std::move(chunk)));
    check_logits_shape(method, logits.shape(), rows);
    return logits.value();
}

}  // namespace

void check_batch(const std::string& method, const Tensor& inputs) {
    const Shape shape = shape_of(inputs);
    if (shape.size() < 2 || shape[0] == 0 || row_size(shape) == 0)
        throw_shape_error(method, "inputs must be a batch (N, ...) with N >= 1 and non-empty rows", shape);
}

void check_target_count(const std::string& method, const std::vector<int>& targets, std::size_t samples) {
    if (targets.size() != samples)
        throw Error(method + ": targets must hold one class per sample (" + std::to_string(samples) + "), got " +
                    std::to_string(targets.size()));
    for (std::size_t i = 0; i < targets.size(); ++i)
        if (targets[i] < 0)
            throw Error(method + ": targets[" + std::to_string(i) + "] = " + std::to_string(targets[i]) +
                        " is negative; classes are numbered from 0");
}

void check_targets(const std::string& method, const std::vector<int>& targets, std::size_t samples,
                   std::size_t classes) {
    check_target_count(method, targets, samples);
    for (std::size_t i = 0; i < targets.size(); ++i)
        if (targets[i] < 0 || static_cast<std::size_t>(targets[i]) >= classes)
            throw Error(method + ": targets[" + std::to_string(i) + "] = " + std::to_string(targets[i]) +
                        " is out of range for a model with " + std::to_string(classes) + " classes (expected 0.." +
                        std::to_string(classes - 1) + ")");
}

std::size_t class_count(const ExplainedModel& model, const Tensor& inputs) {
    check_logits_function("class_count", model);
    check_batch("class_count", inputs);
    return chunk_logits("class_count", model, take_rows(inputs, 0, 1)).shape()[1];
}

void check_batch_and_targets(const std::string& method, const ExplainedModel& model, const Tensor& inputs,
                             const std::vector<int>& targets) {
    check_logits_function(method, model);
    check_batch(method, inputs);
    check_targets(method, targets, inputs.shape()[0], class_count(model, inputs));
}

Tensor predict_logits(const ExplainedModel& model, const Tensor& inputs) {
    check_logits_function("predict_logits", model);
    check_batch("predict_logits", inputs);
    const std::size_t n = inputs.shape()[0];
    const std::vector<RowPiece> pieces = row_pieces(n, model.max_batch_rows, thread_count());
    std::vector<Tensor> parts(pieces.size());
    run_row_pieces(pieces, [&](const RowPiece& piece) {
        const std::size_t p = &piece - pieces.data();
        parts[p] = chunk_logits("predict_logits", model, take_rows(inputs, piece.begin, piece.count));
    });
    const std::size_t classes = parts.front().shape()[1];
    Tensor logits = Tensor::from_shape({n, classes});
    for (std::size_t p = 0; p < pieces.size(); ++p)
        std::copy(parts[p].data(), parts[p].data() + parts[p].size(), logits.data() + pieces[p].begin * classes);
    return logits;
}

int predicted_class(const float* logits, std::size_t classes) {
    std::size_t best = 0;
    for (std::size_t c = 1; c < classes; ++c)
        if (logits[c] > logits[best]) best = c;
    return static_cast<int>(best);
}

namespace {

// The gradient pass behind target_logit_gradients and predicted_class_gradients: row r is
// seeded at class (*targets)[r], or, with no targets, at its predicted class.
Tensor chosen_logit_gradients(const ExplainedModel& model, const Tensor& inputs, const std::string& method,
                              const std::vector<int>* targets) {
    const std::size_t n = inputs.shape()[0], size = row_size(shape_of(inputs));
    Tensor gradients = Tensor::from_shape(inputs.shape());
    run_row_pieces(row_pieces(n, model.max_batch_rows, thread_count()), [&](const RowPiece& piece) {
        Tape tape;
        Var x = tape.input(take_rows(inputs, piece.begin, piece.count));
        Var logits = model.logits(tape, x);
        check_logits_shape(method, logits.shape(), piece.count);
        const std::size_t classes = logits.shape()[1];
        if (targets) check_targets(method, *targets, n, classes);
        Tensor seed = xt::zeros<float>({piece.count, classes});
        for (std::size_t i = 0; i < piece.count; ++i) {
            const int target = targets ? (*targets)[piece.begin + i]
                                       : predicted_class(logits.value().data() + i * classes, classes);
            seed.data()[i * classes + target] = 1.0f;
        }
        tape.backward(logits, seed);
        std::copy(x.grad().data(), x.grad().data() + piece.count * size, gradients.data() + piece.begin * size);
    });
    return gradients;
}

}  // namespace

Tensor target_logit_gradients(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                              const std::string& method) {
    check_logits_function(method, model);
    check_batch(method, inputs);
    check_target_count(method, targets, inputs.shape()[0]);
    return chosen_logit_gradients(model, inputs, method, &targets);
}

Tensor predicted_class_gradients(const ExplainedModel& model, const Tensor& inputs, const std::string& method) {
    check_logits_function(method, model);
    check_batch(method, inputs);
    return chosen_logit_gradients(model, inputs, method, nullptr);
}

std::vector<float> target_logits_of_generated_rows(
    const ExplainedModel& model, const Shape& row_shape, std::size_t rows,
    const std::function<void(std::size_t, std::size_t, float*)>& fill_rows,
    const std::function<int(std::size_t)>& target_of_row, const std::string& method) {
    check_logits_function(method, model);
    std::size_t size = 1;
    for (auto extent : row_shape) size *= extent;
    std::vector<float> values(rows);
    run_row_pieces(row_pieces(rows, model.max_batch_rows, thread_count()), [&](const RowPiece& piece) {
        Shape chunk_shape{piece.count};
        chunk_shape.insert(chunk_shape.end(), row_shape.begin(), row_shape.end());
        Tensor chunk = Tensor::from_shape(chunk_shape);
        fill_rows(piece.begin, piece.count, chunk.data());
        const Tensor logits = chunk_logits(method, model, std::move(chunk));
        const std::size_t classes = logits.shape()[1];
        for (std::size_t r = 0; r < piece.count; ++r) {
            const std::size_t row = piece.begin + r;
            const int target = target_of_row(row);
            if (target < 0 || static_cast<std::size_t>(target) >= classes)
                throw Error(method + ": generated row " + std::to_string(row) + " asks for class " +
                            std::to_string(target) + " of a model with " + std::to_string(classes) + " classes");
            values[row] = logits.data()[r * classes + target];
        }
    });
    return values;
}

std::size_t check_batch_targets_and_background(const std::string& method, const ExplainedModel& model,
                                               const Tensor& inputs, const std::vector<int>& targets,
                                               const Tensor& background) {
    check_batch_and_targets(method, model, inputs, targets);
    const Shape shape = shape_of(inputs), background_shape = shape_of(background);
    if (background_shape.size() != shape.size() || background_shape[0] == 0 ||
        !std::equal(shape.begin() + 1, shape.end(), background_shape.begin() + 1))
        throw_shape_error(method, "settings.background must hold B >= 1 rows shaped like the inputs' samples",
                          background_shape, shape);
    return background_shape[0];
}

}  // namespace agop
