#pragma once
// A forward-only evaluation of an MLP (dense layers with ReLU between them) for KernelSHAP,
// whose cost is hundreds of thousands of small-model rows per sample: no tape, weights packed
// once per call, each row carried through every layer in a block of kRowsPerBlock rows whose
// activations stay in registers and L1 (bias and ReLU applied as the layer's sums are stored),
// and only the target logit of the last layer computed. Through the tape and OpenBLAS a third
// of the time went to packing gemm operands and separate bias and ReLU passes.
//
// A row's value does not depend on the rows beside it (its sums run in the same order
// whatever block it is in), so results are the same at any thread count.

#include <cstddef>
#include <vector>

#include "attribution/explained_model.hpp"
#include "autodiff/cpu_features.hpp"

namespace agop {

class DenseForward {
  public:
    static constexpr std::size_t kRowsPerBlock = 6;

    // layers as ExplainedModel::dense_layers gives them; kernel avx512, or anything below for
    // the portable loops (the same arithmetic one float at a time: the reference the AVX-512
    // kernel is tested against on any CPU). Throws Error on layers that do not chain.
    DenseForward(const std::vector<DenseLayer>& layers, SimdLevel kernel);

    std::size_t inputs() const { return inputs_; }
    std::size_t classes() const { return classes_; }
    // Multiply-adds of one row's target logit (padded widths): what sizes a parallel region.
    std::size_t multiply_adds_per_row() const;

    // rows (count, inputs()) -> out (count): each row's logit of class `target` (< classes()).
    void target_logits(const float* rows, std::size_t count, std::size_t target, float* out) const;

  private:
    // A hidden layer: transposed weight (in, padded out) and bias (padded out), pads zero.
    struct PackedLayer {
        std::size_t in = 0, out = 0, padded_out = 0;
        std::vector<float> weight_t, bias;
    };
    std::vector<PackedLayer> hidden_;
    std::vector<float> last_weight_;  // (classes, padded width of the last hidden layer)
    std::vector<float> last_bias_;
    std::size_t inputs_ = 0, classes_ = 0, widest_ = 0;
    bool avx512_ = false;

    void block_portable(const float* rows, std::size_t target, float* out, std::vector<float>& a,
                        std::vector<float>& b) const;
    void block_avx512(const float* rows, std::size_t target, float* out, std::vector<float>& a,
                      std::vector<float>& b) const;
};

// Whether KernelSHAP's coalition rows should go through DenseForward: the model gives its
// dense layers and this CPU runs AVX-512 (with narrower vectors OpenBLAS through the tape is
// as fast).
bool dense_forward_pays(const ExplainedModel& model);

}  // namespace agop
