#pragma once
// The one line a failed command prints on stderr. agop's own errors (agop::Error) and the
// file system's already name the argument or the file; what the standard library throws
// on its own (out of memory, a vector larger than max_size(), a failed stream read, a
// number std::stoull could not read) is put in words instead of its bare message.

#include <exception>
#include <string>

namespace agop::cli {

// "agop <command>: error: <what went wrong and what was expected>", without a newline.
std::string failure_line(const std::string& command, const std::exception_ptr& error);

}  // namespace agop::cli
