#pragma once
// Reading a whole input file into memory, with one-line errors a user can act on.
//
// Every reader of data (npy, CSV, safetensors) starts here, so that a missing file, a folder
// given for a file or a read error is "<path>: <what>; expected <kind>" and never a bare
// library message (basic_filebuf::underflow, bad_alloc).

#include <cstddef>
#include <string>

namespace agop {

// The bytes of the file at `path`. `expected` says what the file should be ("a .npy file").
// Throws Error naming the path when it is missing, a folder, unreadable or cannot be read whole.
std::string read_file_bytes(const std::string& path, const std::string& expected);

// `text` made safe to quote in a one-line message: control characters and backslashes written
// as escapes (\n, \r, \x01, \\), UTF-8 kept, and cut after `max_chars` bytes with "...".
std::string printable_excerpt(const std::string& text, std::size_t max_chars = 80);

}  // namespace agop
