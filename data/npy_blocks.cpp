#include "data/npy_blocks.hpp"

#include <filesystem>
#include <vector>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// Version 1.0 headers are at most 10 + 65535 bytes.
constexpr std::size_t kMaxPreamble = 10 + 65535;

// The values in one row of an array of `shape` (N, ...).
std::size_t values_per_row(const Shape& shape) {
    std::size_t values = 1;
    for (std::size_t i = 1; i < shape.size(); ++i) values *= shape[i];
    return values;
}

Shape with_first(Shape shape, std::size_t rows) {
    shape[0] = rows;
    return shape;
}

}  // namespace

NpyBlockReader::NpyBlockReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    std::error_code error;
    const auto file_size = std::filesystem::file_size(path, error);
    if (!in_ || error) throw Error("npy file '" + path + "': cannot be read; expected a .npy file");
    std::vector<unsigned char> start(std::min<std::size_t>(file_size, kMaxPreamble));
    in_.read(reinterpret_cast<char*>(start.data()), static_cast<std::streamsize>(start.size()));
    if (static_cast<std::size_t>(in_.gcount()) != start.size())
        throw Error("npy file '" + path + "': cannot be read; expected a .npy file");
    header_ = parse_npy_header(start.data(), start.size(), file_size, path);
    if (header_.shape.empty()) throw Error("npy file '" + path + "': a 0-d array has no rows; expected (N, ...)");
}

Tensor NpyBlockReader::read(std::size_t first, std::size_t count) {
    if (first > rows() || count > rows() - first)
        throw Error("npy file '" + path_ + "': rows " + std::to_string(first) + "+" + std::to_string(count) +
                    " are beyond its " + std::to_string(rows()) + " rows");
    const std::size_t values = values_per_row(header_.shape), item = npy_item_size(header_.dtype);
    std::vector<unsigned char> bytes(count * values * item);
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(header_.data_offset + first * values * item));
    in_.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::size_t>(in_.gcount()) != bytes.size())
        throw Error("npy file '" + path_ + "': rows " + std::to_string(first) + "+" + std::to_string(count) +
                    " could not be read (the file changed or is truncated)");
    Tensor out = Tensor::from_shape(with_first(header_.shape, count));
    npy_to_float32(bytes.data(), header_.dtype, count * values, first * values, header_.shape, path_, out.data());
    return out;
}

NpyBlockWriter::NpyBlockWriter(const std::string& path, const Shape& shape)
    : path_(path), out_(path, std::ios::binary | std::ios::trunc), shape_(shape) {
    if (shape.empty()) throw Error(path + ": a block-written array needs rows; got a 0-d shape");
    const std::string preamble = npy_preamble(NpyDtype::float32, shape);
    out_.write(preamble.data(), static_cast<std::streamsize>(preamble.size()));
    if (!out_) throw Error(path + ": cannot be written");
}

void NpyBlockWriter::append(const Tensor& rows) {
    const Shape shape = shape_of(rows);
    if (shape.empty() || with_first(shape, shape_[0]) != shape_ || shape[0] > shape_[0] - written_)
        throw Error(path_ + ": rows of shape " + shape_string(rows) + " do not continue an array of shape " +
                    shape_string(shape_) + " after " + std::to_string(written_) + " rows");
    out_.write(reinterpret_cast<const char*>(rows.data()), static_cast<std::streamsize>(rows.size() * sizeof(float)));
    if (!out_) throw Error(path_ + ": a write failed (disk full?)");
    written_ += shape[0];
}

void NpyBlockWriter::close() {
    if (written_ != shape_[0])
        throw Error(path_ + ": " + std::to_string(written_) + " rows written of the " + std::to_string(shape_[0]) +
                    " its header declares");
    out_.flush();
    out_.close();
    if (!out_) throw Error(path_ + ": a write failed (disk full?)");
}

}  // namespace agop
