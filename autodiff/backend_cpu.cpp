#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"

#ifdef AGOP_HAVE_CUDA
#include "autodiff/cuda/backend_cuda.hpp"
#endif

namespace agop {

namespace {

// A gemm of fewer multiply-adds than this runs on one thread. OpenBLAS 0.3.21 threads every
// sgemm above 2^18 multiply-adds; below about 2^23 (a 2000x64x64 MLP layer, ~80 us at 1 thread
// here) waking the second thread and splitting the work cost more than it saves: measured with
// 7 interleaved rounds on the 2-core Zen 5 (load 8), 1000x64x64 took 37 us on 1 thread and
// 100 us on 2, 2000x64x64 78 us and 97 us; it is what made MLP training (T1) and the tabular
// methods slower at 2 threads than at 1 (issue 9). `agop bench --only M2` re-measures it.
constexpr double kGemmParallelMinMultiplyAdds = 1 << 23;

class CpuBackend final : public Backend {
  public:
    std::string name() const override { return "cpu"; }

    void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha,
              const float* a, const float* b, float beta, float* c) override {
        if (m == 0 || n == 0) return;
        const int lda = static_cast<int>(trans_a ? m : k);
        const int ldb = static_cast<int>(trans_b ? k : n);
        std::optional<SingleThreadedBlas> small_gemm;
        if (static_cast<double>(m) * n * k < kGemmParallelMinMultiplyAdds) small_gemm.emplace();
        cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                    static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a, lda, b, ldb, beta, c,
                    static_cast<int>(n));
    }

    // Both loops run over kernel offsets (c, ky, kx) outside and output positions inside, over
    // only the positions whose input pixel lies inside the image: no bounds test per element.
    // (The per-element test cost 45% of CNN8by8 attribution, whose patches hold 4 to 16 values.)
    void im2col(const float* images, std::size_t batch, const ConvGeometry& g, float* columns) override {
        const std::size_t oh = g.out_h(), ow = g.out_w(), patch = g.patch_size();
        const std::size_t image_size = g.channels * g.height * g.width;
        std::fill(columns, columns + batch * oh * ow * patch, 0.0f);  // padding positions stay zero
#pragma omp parallel for schedule(static) if (batch * oh * ow * patch >= kParallelMinElements)
        for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n) {
            const float* image = images + n * image_size;
            float* rows = columns + n * oh * ow * patch;
            for_each_kernel_offset(g, [&](std::size_t k, const ValidRange& r) {
                for (std::size_t oy = r.oy_begin; oy < r.oy_end; ++oy) {
                    const float* src = image + r.channel * g.height * g.width + (oy * g.stride + r.ky - g.padding) * g.width;
                    float* dst = rows + (oy * ow) * patch + k;
                    for (std::size_t ox = r.ox_begin; ox < r.ox_end; ++ox)
                        dst[ox * patch] = src[ox * g.stride + r.kx - g.padding];
                }
            });
        }
    }

    void col2im(const float* columns, std::size_t batch, const ConvGeometry& g, float* images) override {
        const std::size_t oh = g.out_h(), ow = g.out_w(), patch = g.patch_size();
        const std::size_t image_size = g.channels * g.height * g.width;
        // Parallel over images: windows of different images never overlap.
#pragma omp parallel for schedule(static) if (batch * oh * ow * patch >= kParallelMinElements)
        for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n) {
            float* image = images + n * image_size;
            const float* rows = columns + n * oh * ow * patch;
            for_each_kernel_offset(g, [&](std::size_t k, const ValidRange& r) {
                for (std::size_t oy = r.oy_begin; oy < r.oy_end; ++oy) {
                    float* dst = image + r.channel * g.height * g.width + (oy * g.stride + r.ky - g.padding) * g.width;
                    const float* src = rows + (oy * ow) * patch + k;
                    for (std::size_t ox = r.ox_begin; ox < r.ox_end; ++ox)
                        dst[ox * g.stride + r.kx - g.padding] += src[ox * patch];
                }
            });
        }
    }

  private:
    // The output positions (oy, ox) at which kernel offset (channel, ky, kx) reads a pixel
    // inside the image: oy * stride + ky - padding in [0, height), likewise for x.
    struct ValidRange {
        std::size_t channel, ky, kx;
        std::size_t oy_begin, oy_end, ox_begin, ox_end;
    };

    static std::size_t first_inside(std::size_t k, std::size_t padding, std::size_t stride) {
        return k >= padding ? 0 : (padding - k + stride - 1) / stride;
    }
    static std::size_t end_inside(std::size_t k, std::size_t padding, std::size_t stride, std::size_t extent,
                                  std::size_t out) {
        // largest o with o * stride + k - padding <= extent - 1, plus one; capped by out
        if (k > extent - 1 + padding) return 0;
        return std::min(out, (extent - 1 + padding - k) / stride + 1);
    }

    template <class Visit>
    static void for_each_kernel_offset(const ConvGeometry& g, Visit&& visit) {
        std::size_t k = 0;
        for (std::size_t c = 0; c < g.channels; ++c)
            for (std::size_t ky = 0; ky < g.kernel_h; ++ky)
                for (std::size_t kx = 0; kx < g.kernel_w; ++kx, ++k) {
                    ValidRange r{c,
                                 ky,
                                 kx,
                                 first_inside(ky, g.padding, g.stride),
                                 end_inside(ky, g.padding, g.stride, g.height, g.out_h()),
                                 first_inside(kx, g.padding, g.stride),
                                 end_inside(kx, g.padding, g.stride, g.width, g.out_w())};
                    if (r.oy_begin < r.oy_end && r.ox_begin < r.ox_end) visit(k, r);
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
