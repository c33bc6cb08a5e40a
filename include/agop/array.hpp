#pragma once
// agop/array.hpp: the plain arrays that cross agop's public boundary.
//
// float32 values in row-major (C) order with a shape; no xtensor, no engine types.
//
//   ArrayView: non-owning (pointer + shape). What agop reads: inputs, background rows,
//              AGOP matrices. The caller keeps the memory alive and unchanged during the call.
//   Array:     owning (values + shape). What agop returns: logits, attributions, AGOPs.
//
// Shapes: a batch of tabular rows is (N, d); a batch of images (N, C, H, W); an AGOP (d, d) or
// its diagonal with the shape of one sample.
//
// Throws agop::Error: an Array built from a value count that does not match its shape, or a
// shape whose element count overflows std::size_t.

#include <cstddef>
#include <utility>
#include <vector>

namespace agop {

using Shape = std::vector<std::size_t>;

// The number of elements of `shape` (1 for an empty shape); throws Error on overflow.
std::size_t element_count_of(const Shape& shape);

class ArrayView {
  public:
    // An empty view: no data, shape {0}. Where a setting takes a view, empty means "not given".
    ArrayView() : data_(nullptr), shape_{0} {}
    // `data` holds element_count_of(shape) floats, row-major. Not checked here: agop checks
    // null data, overflow and finiteness where it reads a view.
    ArrayView(const float* data, Shape shape) : data_(data), shape_(std::move(shape)) {}

    const float* data() const { return data_; }
    const Shape& shape() const { return shape_; }
    std::size_t size() const { return element_count_of(shape_); }
    bool empty() const { return size() == 0; }

  private:
    const float* data_;
    Shape shape_;
};

class Array {
  public:
    // Shape {0}, no values.
    Array() : shape_{0} {}
    // Zeros of `shape`.
    explicit Array(Shape shape);
    // `values` in row-major order; throws Error unless values.size() == element_count_of(shape).
    Array(Shape shape, std::vector<float> values);

    float* data() { return values_.data(); }
    const float* data() const { return values_.data(); }
    const Shape& shape() const { return shape_; }
    std::size_t size() const { return values_.size(); }
    const std::vector<float>& values() const { return values_; }
    // A view of this array, valid while it lives and is not moved from.
    ArrayView view() const { return ArrayView(values_.data(), shape_); }
    operator ArrayView() const { return view(); }
    // Row `n` of the first axis: shape (1, ...) (a batch of one).
    Array row(std::size_t n) const;

  private:
    Shape shape_;
    std::vector<float> values_;
};

}  // namespace agop
