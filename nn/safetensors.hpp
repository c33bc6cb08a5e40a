#pragma once
// safetensors files: an 8-byte little-endian header length N, N bytes of
// JSON header (safetensors_header.hpp, padded with spaces to a multiple of 8), then the
// tensors' raw little-endian bytes, each at its [begin, end) offsets in that data section.
// numpy alone, or the `safetensors` package, reads them.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "nn/model.hpp"

namespace agop::nn {

struct SafetensorsFile {
    std::vector<std::pair<std::string, Tensor>> tensors;  // float tensors as float32, in file order
    std::vector<std::string> integer_tensors;              // names of integer tensors, read and skipped
    Metadata metadata;

    // The tensor called `name`, or null.
    const Tensor* find(const std::string& name) const;
};

// Writes to `path` + a temporary suffix, then renames over `path`. Refuses an existing
// `path` unless `overwrite`. Tensor names must be unique and not "__metadata__".
void write_safetensors(const std::string& path, const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                       const Metadata& metadata, bool overwrite);

// Reads and checks a file: header length inside the file, JSON, dtypes of safetensors_dtypes.hpp
// (float ones converted to float32, integer ones skipped: PyTorch's num_batches_tracked), offsets
// inside the data section, sizes matching shapes, no two tensors overlapping.
// Errors name the file, the tensor and what is wrong.
SafetensorsFile read_safetensors(const std::string& path);

// The same checks on a file already in memory (`size` bytes at `bytes`); `source` names it in
// errors (a path, or "<memory>").
SafetensorsFile parse_safetensors(const char* bytes, std::size_t size, const std::string& source);

}  // namespace agop::nn
