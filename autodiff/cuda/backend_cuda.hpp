#pragma once
// The cuBLAS backend: sgemm on the GPU, im2col/col2im on the CPU.
//
// Tensors stay in host memory (agop::Tensor is an xtensor array); each gemm copies its
// operands into device buffers that are kept and grown between calls, runs cublasSgemm and
// copies the result back. This pays off for large products (ResNet-18 convolutions, big
// batches) and not for small ones; `agop bench` measures both backends on the same work.

#include <memory>

#include "autodiff/backend.hpp"

namespace agop {

// Throws agop::Error if no CUDA device can be used (naming the CUDA error).
std::unique_ptr<Backend> make_cuda_backend();

}  // namespace agop
