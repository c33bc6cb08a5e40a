#pragma once
// The one tensor type of agop: float32, row-major, NCHW for images.
//
// It is xtensor's dynamic-rank array, so cold code can use xtensor expressions and
// views; hot loops take `.data()` and work on contiguous memory (see backend.hpp).

#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

namespace agop {

using Tensor = xt::xarray<float, xt::layout_type::row_major>;
using Shape = std::vector<std::size_t>;

// The shape of a tensor as a plain vector.
Shape shape_of(const Tensor& t);

// "(2, 3, 8, 8)": how shapes appear in every error message.
std::string shape_string(const Shape& shape);
std::string shape_string(const Tensor& t);

// Number of elements of a shape (1 for the empty shape of a scalar). Throws Error when the
// extents multiply past PTRDIFF_MAX (a size read from a file, say).
std::size_t element_count(const Shape& shape);

// A tensor of the given shape filled with `value`.
Tensor filled(const Shape& shape, float value);

// Whether two tensors have the same shape and bit-identical elements.
bool bit_identical(const Tensor& a, const Tensor& b);

}  // namespace agop
