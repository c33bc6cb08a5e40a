#pragma once
// .npy files (NumPy format version 1.0): the exchange format for arrays, labels and masks.
//
// Supported: little-endian float32 ('<f4'), float64 ('<f8'), int64 ('<i8') and uint8
// ('|u1'), C order; bool ('|b1', what np.save writes for a boolean mask) is read as uint8
// 0/1. Anything else (big-endian, Fortran order, other dtypes, format version 2 or 3,
// truncated data) is refused with an agop::Error naming the file and what
// was found.

#include <cstdint>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

enum class NpyDtype { float32, float64, int64, uint8 };

// "<f4", "<f8", "<i8", "|u1": the descr string NumPy writes for each dtype.
std::string npy_descr(NpyDtype dtype);
std::size_t npy_item_size(NpyDtype dtype);

// One array as stored in a file: its dtype, its shape and its raw little-endian C-order bytes
// (bytes.size() == element_count(shape) * npy_item_size(dtype)).
struct NpyArray {
    NpyDtype dtype = NpyDtype::float32;
    Shape shape;
    std::vector<unsigned char> bytes;
};

NpyArray read_npy(const std::string& path);
// The same from `size` bytes in memory (an .npz member); `path` names them in errors. Every
// size the header declares is checked against `size`.
NpyArray parse_npy(const unsigned char* bytes, std::size_t size, const std::string& path);
void write_npy(const std::string& path, const NpyArray& array);

// A tensor of any supported dtype, converted to float32; shape as stored.
Tensor read_npy_tensor(const std::string& path);
// Writes a float32 array with the tensor's shape.
void write_npy_tensor(const std::string& path, const Tensor& tensor);

// Class labels: a 1-D int64 or uint8 array -> (N) ints.
std::vector<int> read_npy_labels(const std::string& path);
// (N) ints -> a 1-D int64 array.
void write_npy_labels(const std::string& path, const std::vector<int>& labels);

}  // namespace agop
