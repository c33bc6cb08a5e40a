#pragma once
// The Average Gradient Outer Product of a model's outputs with respect to its inputs
// (papers.md Part A):
//   M = (1/n) sum_i J(x_i)^T J(x_i),   J(x) (C x d) the Jacobian of the outputs at x,
// d = the number of elements of one input sample. Full: M (d, d) (tabular inputs);
// diagonal: diag(M) in the sample's shape, (C, H, W) for images.
// Options: which outputs form J (all C rows, or only the predicted / true class's row) and
// whether they are logits or softmax probabilities.
//
// Jacobians are computed in eval mode (batch norm with running statistics, no dropout), so
// every sample's Jacobian depends on that sample alone, with one backward sweep per output
// class (each seeded with that class's one-hot rows) and no weight gradients.

#include <vector>

#include "nn/labelled_data.hpp"
#include "nn/model.hpp"

namespace agop::nn {

struct AgopOptions {
    enum class Outputs { all, predicted, true_class };
    enum class Space { logits, probabilities };
    Outputs outputs = Outputs::all;
    Space space = Space::logits;
    bool diagonal = false;
    std::size_t batch_size = 256;
};

// Adds sum_i J(x_i)^T J(x_i) over a batch x (B, ...) into `sum`: (d, d), or the sample's shape
// when diagonal (allocated zero on first use). `labels` is needed for Outputs::true_class.
void add_agop_sum(Model& model, const Tensor& x, const std::vector<int>* labels, const AgopOptions& options,
                  Tensor& sum);

// The AGOP of a model on a data set, in batches of options.batch_size: (d, d) or sample shape.
Tensor compute_agop(Model& model, const Tensor& inputs, const AgopOptions& options,
                    const std::vector<int>* labels = nullptr);

// diag(M) of a full (d, d) AGOP reshaped to `sample_shape`.
Tensor agop_diagonal(const Tensor& full, const Shape& sample_shape);

}  // namespace agop::nn
