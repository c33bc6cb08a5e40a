#pragma once
// Reference inputs: the baseline of Integrated Gradients and occlusion, and the
// background rows of DeepSHAP and KernelSHAP.

#include <cstdint>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

// One reference input with a sample's shape (...), or zeros.
class Baseline {
  public:
    static Baseline zeros() { return Baseline(true, Tensor()); }
    // `values` has the shape of one sample (...).
    static Baseline given(Tensor values) { return Baseline(false, std::move(values)); }
    // The mean over the rows of training_inputs (N, ...) -> (...).
    static Baseline training_mean(const Tensor& training_inputs);

    bool is_zero() const { return zero_; }
    // The baseline for samples of batch shape (N, ...) as one row of row_size floats;
    // throws Error naming `method` if its shape is not (...).
    std::vector<float> row_for(const std::string& method, const Shape& batch_shape) const;

  private:
    Baseline(bool zero, Tensor values) : zero_(zero), values_(std::move(values)) {}
    bool zero_;
    Tensor values_;
};

// `count` distinct rows of training_inputs (N, ...) drawn uniformly with `seed`
// -> (min(count, N), ...): the background set of DeepSHAP and KernelSHAP (shap's usual
// "100 random training rows").
Tensor sample_background(const Tensor& training_inputs, std::size_t count, std::uint64_t seed);

}  // namespace agop
