#include "attribution/deepshap.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "attribution/deeplift_rules.hpp"
#include "attribution/row_pieces.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"

namespace agop {

Tensor deepshap(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                const DeepShapSettings& settings) {
    const std::size_t b_rows =
        check_batch_targets_and_background("deepshap", model, inputs, targets, settings.background);
    const Shape shape = shape_of(inputs);
    const std::size_t n = shape[0], size = row_size(shape);
    const std::size_t samples_per_pass = std::max<std::size_t>(1, model.max_batch_rows / (2 * b_rows));
    const float* background = settings.background.data();

    // Pieces of samples_per_pass samples run side by side, one tape each (row_pieces.hpp).
    Tensor attributions = Tensor::from_shape(shape);
    run_row_pieces(row_pieces(n, samples_per_pass, thread_count()), [&](const RowPiece& piece) {
        const std::size_t first = piece.begin, count = piece.count, pairs = count * b_rows;
        Tensor joint = Tensor::from_shape(with_rows(shape, 2 * pairs));
        for (std::size_t p = 0; p < pairs; ++p) {
            const float* x = inputs.data() + (first + p / b_rows) * size;
            const float* b = background + (p % b_rows) * size;
            std::copy(x, x + size, joint.data() + p * size);
            std::copy(b, b + size, joint.data() + (pairs + p) * size);
        }
        Tape tape;
        use_rescale_rules(tape);
        Var x = tape.input(std::move(joint));
        Var logits = model.logits(tape, x);
        const std::size_t classes = logits.shape()[1];
        Tensor seed = xt::zeros<float>({2 * pairs, classes});
        for (std::size_t p = 0; p < pairs; ++p) {
            const int c = targets[first + p / b_rows];
            seed.data()[p * classes + c] = 1.0f;
            seed.data()[(pairs + p) * classes + c] = 1.0f;
        }
        tape.backward(logits, seed);
        const float* multipliers = x.grad().data();
        for (std::size_t i = 0; i < count; ++i) {
            const float* xi = inputs.data() + (first + i) * size;
            std::vector<double> total(size, 0.0);
            for (std::size_t k = 0; k < b_rows; ++k) {
                const float* m = multipliers + (i * b_rows + k) * size;
                const float* b = background + k * size;
                for (std::size_t j = 0; j < size; ++j) total[j] += static_cast<double>(m[j]) * (xi[j] - b[j]);
            }
            float* a = attributions.data() + (first + i) * size;
            for (std::size_t j = 0; j < size; ++j) a[j] = static_cast<float>(total[j] / static_cast<double>(b_rows));
        }
    });
    return attributions;
}

}  // namespace agop
