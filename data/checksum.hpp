#pragma once
// FNV-1a, 64-bit (Fowler, Noll, Vo): a small, dependency-free checksum that names which model
// file an explanation came from. Not a cryptographic hash.

#include <cstddef>
#include <cstdint>
#include <string>

namespace agop {

// FNV-1a 64 of `size` bytes at `bytes` (offset basis 14695981039346656037, prime 1099511628211).
std::uint64_t fnv1a64(const char* bytes, std::size_t size);

// "fnv1a64:<16 lowercase hex digits>" of the whole file at `path`; Error naming the file when
// it cannot be read.
std::string file_checksum(const std::string& path);

}  // namespace agop
