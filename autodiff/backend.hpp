#pragma once
// The backend seam: the few heavy primitives every op above is built on.
//
// All ops call these through `backend()`; nothing above autodiff knows which backend
// runs. The CPU backend (OpenBLAS + OpenMP) is always present; a cuBLAS backend is
// compiled in with -DAGOP_CUDA=ON and selected with `use_backend("cuda")`.
//
// Matrices are row-major. Threading rule: BLAS is never called from inside an OpenMP
// parallel region (OpenBLAS has its own threads; nesting the two oversubscribes).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace agop {

// Geometry of a 2-D convolution or pooling window over an (C, H, W) image.
struct ConvGeometry {
    std::size_t channels, height, width;    // input image
    std::size_t kernel_h, kernel_w;
    std::size_t stride, padding;
    std::size_t out_h() const { return (height + 2 * padding - kernel_h) / stride + 1; }
    std::size_t out_w() const { return (width + 2 * padding - kernel_w) / stride + 1; }
    std::size_t patch_size() const { return channels * kernel_h * kernel_w; }
};

// Loops over fewer elements than this run on one thread: opening an OpenMP region costs
// more than the work on small tensors (measured: CNN8by8 training was 3x slower on 2
// threads than on 1 before this bound).
constexpr std::size_t kParallelMinElements = 1 << 15;

class Backend {
  public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;

    // C (M x N) = alpha * op(A) * op(B) + beta * C, row-major; op(A) is M x K, op(B) K x N.
    virtual void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha,
                      const float* a, const float* b, float beta, float* c) = 0;

    // Unfolds `batch` images (batch, C, H, W) into columns (C * KH * KW, batch * OH * OW): one
    // column per output position (image-major, then row, then column), zero where the window
    // covers padding. In this layout W (OC, C*KH*KW) x columns is the conv's output, one gemm.
    virtual void im2col(const float* images, std::size_t batch, const ConvGeometry& g, float* columns) = 0;
    // The adjoint of im2col: adds every column of `columns` back into its window of `images`
    // (which the caller zeroes first).
    virtual void col2im(const float* columns, std::size_t batch, const ConvGeometry& g, float* images) = 0;
};

// The backend in use (the CPU one unless another was selected).
Backend& backend();
// Selects a backend by name: "cpu", or "cuda" when built with AGOP_CUDA. Throws otherwise.
void use_backend(const std::string& name);
// Names of the backends compiled into this build.
std::vector<std::string> available_backends();

// The CPU implementation (OpenBLAS sgemm, OpenMP loops).
std::unique_ptr<Backend> make_cpu_backend();

}  // namespace agop
