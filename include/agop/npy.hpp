#pragma once
// agop/npy.hpp: NumPy .npy files, the exchange format of agop's inputs and outputs.
//
// read_npy_array: a little-endian C-order array of float32, float64, int64 or uint8 (format
// version 1.0), converted to float32. Throws agop::Error naming the file and what was found
// for anything else (big-endian, Fortran order, other dtypes, truncated data).
//
// write_npy_array: a float32 array with the view's shape. The file is written whole or not
// at all (a temporary file in the same folder, renamed). Throws agop::Error naming the file
// if it exists and `overwrite` is false, or if it cannot be written.

#include <string>

#include "agop/array.hpp"

namespace agop {

Array read_npy_array(const std::string& path);
void write_npy_array(const std::string& path, ArrayView array, bool overwrite = false);

}  // namespace agop
