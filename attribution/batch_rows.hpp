#pragma once
// Rows of a batch: a tensor (N, ...) seen as N contiguous rows of equal size.

#include <cstddef>

#include "autodiff/tensor.hpp"

namespace agop {

// Elements per row of a batch of shape (N, ...): the product of the trailing extents.
std::size_t row_size(const Shape& batch_shape);

// (rows, ...): the shape of `batch_shape` with its first extent replaced.
Shape with_rows(const Shape& batch_shape, std::size_t rows);

// Rows [begin, begin + count) of batch (N, ...) -> (count, ...), copied.
Tensor take_rows(const Tensor& batch, std::size_t begin, std::size_t count);

}  // namespace agop
