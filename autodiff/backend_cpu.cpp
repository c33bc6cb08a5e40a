#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <cstring>

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
// OpenBLAS runs an sgemm of at most this many multiply-adds on its caller's thread without
// reading or changing its thread count (0.3.21 interface/gemm.c: SMP_THRESHOLD_MIN x
// GEMM_MULTITHREAD_THRESHOLD). A smaller gemm therefore goes to it in blocks of C this size:
// one thread, and no process-wide switch that another thread's gemm could see.
constexpr double kBlasCallerThreadMaxMultiplyAdds = 1 << 18;

// C (m, n) = alpha op(A) op(B) + beta C on the calling thread: blocks of C's rows and columns
// of at most kBlasCallerThreadMaxMultiplyAdds each, chosen from the sizes alone (the same bits
// at any thread count).
void gemm_on_this_thread(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha,
                         const float* a, const float* b, float beta, float* c) {
    const std::size_t lda = trans_a ? m : k, ldb = trans_b ? k : n;
    auto call = [&](std::size_t row, std::size_t rows, std::size_t column, std::size_t columns) {
        cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                    static_cast<int>(rows), static_cast<int>(columns), static_cast<int>(k), alpha,
                    a + (trans_a ? row : row * lda), static_cast<int>(lda), b + (trans_b ? column * ldb : column),
                    static_cast<int>(ldb), beta, c + row * n + column, static_cast<int>(n));
    };
    const double limit = kBlasCallerThreadMaxMultiplyAdds;
    constexpr std::size_t kMinBlockRows = 16;
    std::size_t block_columns = n;
    if (static_cast<double>(kMinBlockRows) * n * k > limit)
        block_columns = std::max<std::size_t>(kMinBlockRows, static_cast<std::size_t>(limit / (kMinBlockRows * k)));
    const std::size_t block_rows = std::max<std::size_t>(1, static_cast<std::size_t>(limit / (block_columns * k)));
    if (static_cast<double>(block_rows) * block_columns * k > limit) {  // k alone too long to block
        run_with_blas_on_this_thread([&] { call(0, m, 0, n); });
        return;
    }
    for (std::size_t column = 0; column < n; column += block_columns)
        for (std::size_t row = 0; row < m; row += block_rows)
            call(row, std::min(block_rows, m - row), column, std::min(block_columns, n - column));
}

class CpuBackend final : public Backend {
  public:
    std::string name() const override { return "cpu"; }

    void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
              const float* b, float beta, float* c) override {
        if (m == 0 || n == 0) return;
        // At one thread (or in a parallel region) OpenBLAS already runs the whole call here.
        if (static_cast<double>(m) * n * k < kGemmParallelMinMultiplyAdds && thread_count() > 1 && !omp_in_parallel()) {
            gemm_on_this_thread(trans_a, trans_b, m, n, k, alpha, a, b, beta, c);
            return;
        }
        const int lda = static_cast<int>(trans_a ? m : k);
        const int ldb = static_cast<int>(trans_b ? k : n);
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
