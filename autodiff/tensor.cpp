#include "autodiff/tensor.hpp"

#include <cstring>
#include <sstream>

namespace agop {

Shape shape_of(const Tensor& t) { return Shape(t.shape().begin(), t.shape().end()); }

std::string shape_string(const Shape& shape) {
    std::ostringstream out;
    out << '(';
    for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
    out << ')';
    return out.str();
}

std::string shape_string(const Tensor& t) { return shape_string(shape_of(t)); }

std::size_t element_count(const Shape& shape) {
    std::size_t n = 1;
    for (auto s : shape) n *= s;
    return n;
}

Tensor filled(const Shape& shape, float value) {
    Tensor t = Tensor::from_shape(shape);
    std::fill(t.begin(), t.end(), value);
    return t;
}

bool bit_identical(const Tensor& a, const Tensor& b) {
    return shape_of(a) == shape_of(b) &&
           std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace agop
