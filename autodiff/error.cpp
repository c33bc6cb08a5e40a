#include "autodiff/error.hpp"

namespace agop {

void throw_shape_error(const std::string& op, const std::string& what, const Shape& a, const Shape& b) {
    throw Error(op + ": " + what + "; got " + shape_string(a) + " and " + shape_string(b));
}

void throw_shape_error(const std::string& op, const std::string& what, const Shape& a) {
    throw Error(op + ": " + what + "; got " + shape_string(a));
}

}  // namespace agop
