#pragma once
// A .npy file read or written a block of rows at a time, so that a file larger than memory
// passes through in bounded memory. The reader parses the header once (data/npy.hpp's checks:
// a truncated or padded file is refused on opening) and then reads rows by their offset; the
// writer writes the header of the whole array first, then the rows in order, and refuses to
// close with another number of rows than the header declares.

#include <cstddef>
#include <fstream>
#include <string>

#include "autodiff/tensor.hpp"
#include "data/npy.hpp"

namespace agop {

class NpyBlockReader {
  public:
    // Opens `path` and reads its header. Throws Error naming the file for what read_npy refuses.
    explicit NpyBlockReader(const std::string& path);

    const Shape& shape() const { return header_.shape; }  // (N, ...) of the whole file
    std::size_t rows() const { return header_.shape.empty() ? 0 : header_.shape[0]; }

    // Rows [first, first + count) as float32 (count, ...), converted and checked as
    // read_npy_tensor does. Throws Error naming the file when they are not all in it, or a
    // 0-d array.
    Tensor read(std::size_t first, std::size_t count);

  private:
    std::string path_;
    std::ifstream in_;
    NpyHeader header_;
};

class NpyBlockWriter {
  public:
    // Creates `path` (replacing a file there) for a float32 array of `shape` and writes its header.
    NpyBlockWriter(const std::string& path, const Shape& shape);

    // Appends `rows` (n, ...), whose row shape must be the array's. Throws Error naming the
    // file on a failed write or rows beyond those the header declares.
    void append(const Tensor& rows);
    // Flushes and closes; Error unless every declared row was written and the bytes reached the file.
    void close();

  private:
    std::string path_;
    std::ofstream out_;
    Shape shape_;
    std::size_t written_ = 0;
};

}  // namespace agop
