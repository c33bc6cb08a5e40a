#pragma once
// The JSON header of a safetensors file, written and parsed without a JSON library.
//
// The subset is exactly what safetensors uses: one top-level object whose members are
//   "<tensor name>": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}
// and optionally "__metadata__": {"key": "value", ...} (strings only). The parser is strict:
// anything else (other value types, unknown entry keys, duplicate names, trailing text,
// signs, fractions) is an error naming the file and the offending tensor or position.

#include <cstddef>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "nn/model.hpp"

namespace agop::nn {

struct TensorEntry {
    std::string name;
    std::string dtype;
    Shape shape;
    std::size_t begin = 0, end = 0;  // byte offsets [begin, end) in the data section
};

struct SafetensorsHeader {
    std::vector<TensorEntry> tensors;  // in file order
    Metadata metadata;
};

// The header as compact JSON (not yet padded).
std::string format_header(const SafetensorsHeader& header);
// Parses the JSON; `file` names the file in error messages.
SafetensorsHeader parse_header(const std::string& json, const std::string& file);

}  // namespace agop::nn
