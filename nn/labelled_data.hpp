#pragma once
// Inputs with class labels, as the trainer and the AGOP computation take them:
// inputs (N, ...) one sample per row, labels N values in [0, C). A regression set has one
// output: labels all 0 and `targets` (N, 1) the values to predict.

#include <vector>

#include "autodiff/tensor.hpp"

namespace agop::nn {

struct LabelledData {
    Tensor inputs;
    std::vector<int> labels;
    Tensor targets = Tensor::from_shape({0});  // (N, 1) regression targets; empty for a classification set

    // (a default-constructed Tensor is a 0-d scalar of size 1, hence the dimension check)
    bool regression() const { return targets.dimension() > 0 && targets.size() > 0; }

    std::size_t size() const { return labels.size(); }
};

// Throws agop::Error unless inputs has N rows, labels N entries, all in [0, classes).
void check_labelled_data(const LabelledData& data, std::size_t classes, const std::string& what);
// The rows `indices` of x (N, ...) -> (indices.size(), ...).
Tensor gather_rows(const Tensor& x, const std::vector<std::size_t>& indices);
// Fraction of rows of scores (N, C) whose argmax equals the label.
double accuracy(const Tensor& scores, const std::vector<int>& labels);

}  // namespace agop::nn
