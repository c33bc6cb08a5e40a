#include <cblas.h>

#include <cstring>

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"

#ifdef AGOP_HAVE_CUDA
#include "autodiff/cuda/backend_cuda.hpp"
#endif

namespace agop {

namespace {

class CpuBackend final : public Backend {
  public:
    std::string name() const override { return "cpu"; }

    void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha,
              const float* a, const float* b, float beta, float* c) override {
        if (m == 0 || n == 0) return;
        const int lda = static_cast<int>(trans_a ? m : k);
        const int ldb = static_cast<int>(trans_b ? k : n);
        cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                    static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a, lda, b, ldb, beta, c,
                    static_cast<int>(n));
    }

    void im2col(const float* images, std::size_t batch, const ConvGeometry& g, float* columns) override {
        const std::size_t oh = g.out_h(), ow = g.out_w(), patch = g.patch_size();
        const std::size_t image_size = g.channels * g.height * g.width;
#pragma omp parallel for schedule(static) if (batch * oh * ow * patch >= kParallelMinElements)
        for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n) {
            const float* image = images + n * image_size;
            for (std::size_t oy = 0; oy < oh; ++oy)
                for (std::size_t ox = 0; ox < ow; ++ox) {
                    float* row = columns + ((n * oh + oy) * ow + ox) * patch;
                    for (std::size_t c = 0; c < g.channels; ++c)
                        for (std::size_t ky = 0; ky < g.kernel_h; ++ky) {
                            const std::ptrdiff_t y = static_cast<std::ptrdiff_t>(oy * g.stride + ky) -
                                                     static_cast<std::ptrdiff_t>(g.padding);
                            for (std::size_t kx = 0; kx < g.kernel_w; ++kx) {
                                const std::ptrdiff_t x = static_cast<std::ptrdiff_t>(ox * g.stride + kx) -
                                                         static_cast<std::ptrdiff_t>(g.padding);
                                const bool inside = y >= 0 && y < static_cast<std::ptrdiff_t>(g.height) && x >= 0 &&
                                                    x < static_cast<std::ptrdiff_t>(g.width);
                                *row++ = inside ? image[(c * g.height + y) * g.width + x] : 0.0f;
                            }
                        }
                }
        }
    }

    void col2im(const float* columns, std::size_t batch, const ConvGeometry& g, float* images) override {
        const std::size_t oh = g.out_h(), ow = g.out_w(), patch = g.patch_size();
        const std::size_t image_size = g.channels * g.height * g.width;
        // Parallel over images: windows of different images never overlap.
#pragma omp parallel for schedule(static) if (batch * oh * ow * patch >= kParallelMinElements)
        for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n) {
            float* image = images + n * image_size;
            for (std::size_t oy = 0; oy < oh; ++oy)
                for (std::size_t ox = 0; ox < ow; ++ox) {
                    const float* row = columns + ((n * oh + oy) * ow + ox) * patch;
                    for (std::size_t c = 0; c < g.channels; ++c)
                        for (std::size_t ky = 0; ky < g.kernel_h; ++ky) {
                            const std::ptrdiff_t y = static_cast<std::ptrdiff_t>(oy * g.stride + ky) -
                                                     static_cast<std::ptrdiff_t>(g.padding);
                            for (std::size_t kx = 0; kx < g.kernel_w; ++kx, ++row) {
                                const std::ptrdiff_t x = static_cast<std::ptrdiff_t>(ox * g.stride + kx) -
                                                         static_cast<std::ptrdiff_t>(g.padding);
                                if (y >= 0 && y < static_cast<std::ptrdiff_t>(g.height) && x >= 0 &&
                                    x < static_cast<std::ptrdiff_t>(g.width))
                                    image[(c * g.height + y) * g.width + x] += *row;
                            }
                        }
                }
        }
    }
};

std::unique_ptr<Backend>& current_backend() {
    static std::unique_ptr<Backend> current = make_cpu_backend();
    return current;
}

}  // namespace

std::unique_ptr<Backend> make_cpu_backend() { return std::make_unique<CpuBackend>(); }

Backend& backend() { return *current_backend(); }

std::vector<std::string> available_backends() {
#ifdef AGOP_HAVE_CUDA
    return {"cpu", "cuda"};
#else
    return {"cpu"};
#endif
}

void use_backend(const std::string& name) {
    if (name == "cpu") {
        current_backend() = make_cpu_backend();
        return;
    }
#ifdef AGOP_HAVE_CUDA
    if (name == "cuda") {
        current_backend() = make_cuda_backend();
        return;
    }
#endif
    std::string known;
    for (const auto& b : available_backends()) known += (known.empty() ? "" : ", ") + b;
    throw Error("unknown backend '" + name + "'; this build has: " + known +
                (name == "cuda" ? " (configure with -DAGOP_CUDA=ON for cuda)" : ""));
}

}  // namespace agop
