#pragma once
// The batching of the methods that explain each sample through `copies` rows built from it
// (Integrated Gradients' path points, SmoothGrad's noisy copies): as many samples per gradient
// pass as fit model.max_batch_rows, their copies side by side in one batch.

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "attribution/batch_rows.hpp"
#include "attribution/explained_model.hpp"

namespace agop {

// For each pass over samples [first, first + count): fill(first, count, rows) writes the rows
// (count * copies, ...), row i * copies + k being copy k of sample first + i; then
// reduce(first, count, gradients) reads their target-logit gradients (count * copies, ...), every
// copy's target that of its sample.
template <class Fill, class Reduce>
void gradients_of_sample_copies(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                                std::size_t copies, const std::string& method, Fill fill, Reduce reduce) {
    const Shape shape = shape_of(inputs);
    const std::size_t n = shape[0], samples_per_pass = std::max<std::size_t>(1, model.max_batch_rows / copies);
    for (std::size_t first = 0; first < n; first += samples_per_pass) {
        const std::size_t count = std::min(samples_per_pass, n - first);
        Tensor rows = Tensor::from_shape(with_rows(shape, count * copies));
        std::vector<int> row_targets(count * copies);
        for (std::size_t r = 0; r < count * copies; ++r) row_targets[r] = targets[first + r / copies];
        fill(first, count, rows);
        reduce(first, count, target_logit_gradients(model, rows, row_targets, method));
    }
}

}  // namespace agop
