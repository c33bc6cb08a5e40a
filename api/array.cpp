#include "agop/array.hpp"

#include <limits>
#include <string>

#include "agop/error.hpp"

namespace agop {

std::size_t element_count_of(const Shape& shape) {
    std::size_t n = 1;
    for (std::size_t extent : shape) {
        if (extent != 0 && n > std::numeric_limits<std::size_t>::max() / extent)
            throw Error("array shape: the element count overflows (an extent of " + std::to_string(extent) + " after " +
                        std::to_string(n) + " elements)");
        n *= extent;
    }
    return n;
}

Array::Array(Shape shape) : shape_(std::move(shape)), values_(element_count_of(shape_), 0.0f) {}

Array::Array(Shape shape, std::vector<float> values) : shape_(std::move(shape)), values_(std::move(values)) {
    const std::size_t expected = element_count_of(shape_);
    if (values_.size() != expected)
        throw Error("Array: the shape holds " + std::to_string(expected) + " values but " +
                    std::to_string(values_.size()) + " were given");
}

Array Array::row(std::size_t n) const {
    if (shape_.empty() || n >= shape_[0])
        throw Error("Array::row(" + std::to_string(n) + "): the array has " +
                    std::to_string(shape_.empty() ? 0 : shape_[0]) + " rows");
    Shape row_shape = shape_;
    row_shape[0] = 1;
    const std::size_t row_size = values_.size() / shape_[0];
    const auto begin = values_.begin() + static_cast<std::ptrdiff_t>(n * row_size);
    return Array(std::move(row_shape), std::vector<float>(begin, begin + static_cast<std::ptrdiff_t>(row_size)));
}

}  // namespace agop
