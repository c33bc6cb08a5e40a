#pragma once
// agop/error.hpp: the one exception type of agop.
//
// Every failure inside agop — a missing or damaged file, a shape that does not fit the model,
// an unknown method name, a non-finite input — is thrown as agop::Error. Its what() is one
// line naming the file, argument or shape and what was expected: the same line the `agop`
// command prints before exiting non-zero. Nothing else is thrown on purpose (std::bad_alloc
// may still escape when memory runs out).

#include <stdexcept>

namespace agop {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace agop
