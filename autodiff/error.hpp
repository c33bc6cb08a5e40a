#pragma once
// Errors a user can act on: every exception agop throws names what went wrong and
// what was expected (the op and the shapes, the file and line, the argument).

#include <string>

#include "agop/error.hpp"  // agop::Error, thrown for invalid arguments and shapes anywhere in the library
#include "autodiff/tensor.hpp"

namespace agop {

// Throws Error("<op>: <what>; got <shape a> and <shape b>").
[[noreturn]] void throw_shape_error(const std::string& op, const std::string& what, const Shape& a,
                                    const Shape& b);
// Throws Error("<op>: <what>; got <shape>").
[[noreturn]] void throw_shape_error(const std::string& op, const std::string& what, const Shape& a);

}  // namespace agop
