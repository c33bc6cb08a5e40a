#pragma once
// .npy files (NumPy format version 1.0): the exchange format for arrays, labels and masks.
//
// Supported: little-endian float32 ('<f4'), float64 ('<f8'), int64 ('<i8') and uint8
// ('|u1'), C order; bool ('|b1', what np.save writes for a boolean mask) is read as uint8
// 0/1. Anything else (big-endian, Fortran order, other dtypes, format version 2 or 3,
// truncated data, a shape whose byte count overflows or differs from the bytes present) is
// refused with an agop::Error naming the file and what was found, before anything of the
// shape's size is allocated. Text from the header is quoted escaped.

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

// Where a file's array lies: read by parts (data/npy_blocks.hpp) without loading the file.
struct NpyHeader {
    NpyDtype dtype = NpyDtype::float32;
    Shape shape;
    std::size_t data_offset = 0;  // bytes before the data
    std::size_t data_bytes = 0;   // element_count(shape) * npy_item_size(dtype)
};
// The header at the start of `bytes` (`size` of them, at least the whole header) of a file of
// `file_size` bytes, checked as parse_npy checks it (the data bytes must be exactly those the
// shape needs).
NpyHeader parse_npy_header(const unsigned char* bytes, std::size_t size, std::size_t file_size,
                           const std::string& path);
// The bytes before the data of an array of `dtype` and `shape`, as NumPy writes them.
std::string npy_preamble(NpyDtype dtype, const Shape& shape);
// `count` values of `dtype` at `src` -> float32 at `dst`; refused as read_npy_tensor refuses
// them, naming flat index first_index + i of `shape`.
void npy_to_float32(const unsigned char* src, NpyDtype dtype, std::size_t count, std::size_t first_index,
                    const Shape& shape, const std::string& path, float* dst);
// The same from `size` bytes in memory (an .npz member); `path` names them in errors. Every
// size the header declares is checked against `size`.
NpyArray parse_npy(const unsigned char* bytes, std::size_t size, const std::string& path);
// Written whole or not at all (atomic_file.hpp).
void write_npy(const std::string& path, const NpyArray& array);

// A tensor of any supported dtype, converted to float32; shape as stored. Refuses a NaN, an
// infinity or a value beyond float32's range (1e39 as float64), naming its flat index: no
// caller of agop has a use for non-finite inputs, masks, backgrounds or attributions.
Tensor read_npy_tensor(const std::string& path);
// Writes a float32 array with the tensor's shape.
void write_npy_tensor(const std::string& path, const Tensor& tensor);

// Class labels: a 1-D int64 or uint8 array -> (N) ints. A negative label or one beyond int
// is refused with its index; class_labels.hpp checks that they number classes 0..C-1.
std::vector<int> read_npy_labels(const std::string& path);
// (N) ints -> a 1-D int64 array.
void write_npy_labels(const std::string& path, const std::vector<int>& labels);

}  // namespace agop
