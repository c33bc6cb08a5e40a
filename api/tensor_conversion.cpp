#include "api/tensor_conversion.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"

namespace agop::api {

Tensor tensor_from_view(const ArrayView& view, const std::string& argument) {
    std::size_t count = 0;
    try {
        count = element_count_of(view.shape());
    } catch (const Error& e) {
        throw Error(argument + ": " + e.what());
    }
    if (count > 0 && view.data() == nullptr)
        throw Error(argument + ": the view has shape " + shape_string(view.shape()) + " but no data (a null pointer)");
    const float* values = view.data();
    for (std::size_t i = 0; i < count; ++i)
        if (!std::isfinite(values[i]))
            throw Error(argument + ": element " + std::to_string(i) + " is " + std::to_string(values[i]) +
                        "; expected finite values");
    Tensor tensor = Tensor::from_shape(view.shape());
    std::copy(values, values + count, tensor.data());
    return tensor;
}

Array array_from_tensor(const Tensor& tensor) {
    return Array(Shape(tensor.shape().begin(), tensor.shape().end()),
                 std::vector<float>(tensor.data(), tensor.data() + tensor.size()));
}

}  // namespace agop::api
