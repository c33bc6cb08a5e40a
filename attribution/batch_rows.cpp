#include "attribution/batch_rows.hpp"

#include <algorithm>

namespace agop {

std::size_t row_size(const Shape& batch_shape) {
    std::size_t n = 1;
    for (std::size_t i = 1; i < batch_shape.size(); ++i) n *= batch_shape[i];
    return n;
}

Shape with_rows(const Shape& batch_shape, std::size_t rows) {
    Shape shape = batch_shape;
    shape[0] = rows;
    return shape;
}

Tensor take_rows(const Tensor& batch, std::size_t begin, std::size_t count) {
    const Shape shape = shape_of(batch);
    const std::size_t size = row_size(shape);
    Tensor part = Tensor::from_shape(with_rows(shape, count));
    std::copy(batch.data() + begin * size, batch.data() + (begin + count) * size, part.data());
    return part;
}

}  // namespace agop
