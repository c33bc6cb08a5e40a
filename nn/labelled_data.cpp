#include "nn/labelled_data.hpp"

#include <algorithm>

#include "autodiff/error.hpp"

namespace agop::nn {

void check_labelled_data(const LabelledData& data, std::size_t classes, const std::string& what) {
    if (data.inputs.dimension() < 2 || data.inputs.shape()[0] != data.labels.size() || data.labels.empty())
        throw Error(what + ": expected inputs (N, ...) with N = " + std::to_string(data.labels.size()) +
                    " labels (N > 0); got inputs " + shape_string(data.inputs));
    for (std::size_t i = 0; i < data.labels.size(); ++i)
        if (data.labels[i] < 0 || static_cast<std::size_t>(data.labels[i]) >= classes)
            throw Error(what + ": label " + std::to_string(data.labels[i]) + " of row " + std::to_string(i) +
                        " is outside [0, " + std::to_string(classes) + ")");
    if (data.regression() && (data.targets.dimension() != 2 || data.targets.shape()[0] != data.labels.size() ||
                              data.targets.shape()[1] != 1 || classes != 1))
        throw Error(what + ": regression targets " + shape_string(data.targets) + " need the shape (" +
                    std::to_string(data.labels.size()) + ", 1) and a model with one output");
}

Tensor gather_rows(const Tensor& x, const std::vector<std::size_t>& indices) {
    Shape shape = shape_of(x);
    const std::size_t n = shape[0], row = n ? x.size() / n : 0;
    shape[0] = indices.size();
    Tensor out = Tensor::from_shape(shape);
    for (std::size_t i = 0; i < indices.size(); ++i) {
        if (indices[i] >= n) throw Error("gather_rows: row " + std::to_string(indices[i]) + " of " + std::to_string(n));
        std::copy(x.data() + indices[i] * row, x.data() + (indices[i] + 1) * row, out.data() + i * row);
    }
    return out;
}

double accuracy(const Tensor& scores, const std::vector<int>& labels) {
    const std::size_t n = labels.size(), c = scores.size() / std::max<std::size_t>(n, 1);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float* row = scores.data() + i * c;
        correct += static_cast<int>(std::max_element(row, row + c) - row) == labels[i];
    }
    return n ? static_cast<double>(correct) / n : 0.0;
}

}  // namespace agop::nn
