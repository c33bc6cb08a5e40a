#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "autodiff/backend.hpp"
#include "autodiff/conv_window.hpp"
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

    void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
              const float* b, float beta, float* c) override {
        if (m == 0 || n == 0) return;
        const int lda = static_cast<int>(trans_a ? m : k);
        const int ldb = static_cast<int>(trans_b ? k : n);
        std::optional<SingleThreadedBlas> small_gemm;
        if (static_cast<double>(m) * n * k < kGemmParallelMinMultiplyAdds) small_gemm.emplace();
        cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                    static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a, lda, b, ldb, beta, c,
                    static_cast<int>(n));
    }

    // Row k of `columns` holds kernel offset k for every output position of every image, so
    // both loops write (im2col) or read (col2im) contiguous runs of output columns; with the
    // earlier (positions, patch) layout each value went to its own cache line (stride = patch).
    // Outputs at most kTableMaxWidth wide unfold through a gather table (conv_window.hpp):
    // rows of 2 to 8 values (ResNet-18's last stages at 64x64) made the per-row set-up cost
    // more than the copy; wider rows copy faster as runs.
    void im2col(const float* images, std::size_t batch, const ConvGeometry& g, float* columns) override {
        constexpr std::size_t kTableMaxWidth = 8;
        const std::size_t positions = g.out_h() * g.out_w(), image_size = g.channels * g.height * g.width;
        const bool by_table = g.out_w() <= kTableMaxWidth && unfold_table_fits(g);
        const std::vector<std::uint32_t> table = by_table ? unfold_table(g) : std::vector<std::uint32_t>();
        const std::vector<KernelOffsetRange> offsets =
            by_table ? std::vector<KernelOffsetRange>() : valid_kernel_offsets(g);
#pragma omp parallel for schedule(static) if (batch * positions * g.patch_size() >= kParallelMinElements)
        for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n) {
            if (by_table)
                unfold_image_by_table(images + n * image_size, g, table, batch * positions, columns + n * positions);
            else
                unfold_image(images + n * image_size, g, offsets, batch * positions, columns + n * positions);
        }
    }

    void col2im(const float* columns, std::size_t batch, const ConvGeometry& g, float* images) override {
        const std::size_t positions = g.out_h() * g.out_w(), image_size = g.channels * g.height * g.width;
        const std::vector<KernelOffsetRange> offsets = valid_kernel_offsets(g);
        // Parallel over images: windows of different images never overlap.
#pragma omp parallel for schedule(static) if (batch * positions * g.patch_size() >= kParallelMinElements)
        for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n)
            fold_image_add(columns + n * positions, g, offsets, batch * positions, images + n * image_size);
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
