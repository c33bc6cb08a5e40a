#include "autodiff/tensor.hpp"

#include <cstdint>
#include <cstring>
#include <sstream>

#include "autodiff/error.hpp"

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
    // The product of the non-zero extents is checked too: a shape such as (0, 2^40, 2^40)
    // holds no elements but its strides (xtensor's, signed) would still overflow.
    std::size_t n = 1, bound = 1;
    for (auto s : shape) {
        n *= s;
        if (s != 0 && __builtin_mul_overflow(bound, s, &bound))
            throw Error("shape " + shape_string(shape) + " has more elements than 64-bit sizes can count");
    }
    if (bound > static_cast<std::size_t>(PTRDIFF_MAX))
        throw Error("shape " + shape_string(shape) + " has more elements than 64-bit sizes can count");
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
