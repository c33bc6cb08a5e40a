#pragma once
// Between the public arrays (agop/array.hpp) and the engine's Tensor: where data enters
// the engine through the API, so where it is checked.

#include <string>

#include "agop/array.hpp"
#include "autodiff/tensor.hpp"

namespace agop::api {

// A copy of `view` as a Tensor of its shape. Throws Error naming `argument` when the view has
// no data but a non-zero size, its element count overflows, or a value is NaN or infinite.
Tensor tensor_from_view(const ArrayView& view, const std::string& argument);

// A copy of `tensor` as an Array of its shape.
Array array_from_tensor(const Tensor& tensor);

}  // namespace agop::api
