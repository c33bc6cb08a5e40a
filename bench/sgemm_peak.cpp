// P0, M1 and M2: the machine's sgemm limit, and the engine's matmul op measured against a
// direct cblas_sgemm call on the same matrices (the op's overhead: tape, allocation).

#include <cblas.h>

#include "autodiff/ops.hpp"
#include "bench/timing.hpp"
#include "bench/workload.hpp"

namespace agop::bench {

namespace {

double gflops(std::size_t n, double seconds) { return 2.0 * n * n * n / seconds * 1e-9; }

Measurement direct_sgemm(std::size_t n, int threads, const std::string& id) {
    Rng rng(1);
    Tensor a = rng.normal_tensor({n, n}), b = rng.normal_tensor({n, n}), c = Tensor::from_shape({n, n});
    const int size = static_cast<int>(n);
    Timing t = time_median([&] {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1.0f, a.data(), size, b.data(), size,
                    0.0f, c.data(), size);
    });
    return {id, "cblas_sgemm " + std::to_string(n) + "^3, direct", "GFLOP/s", gflops(n, t.median_seconds),
            t.median_seconds, threads};
}

Measurement engine_matmul(std::size_t n, int threads) {
    Rng rng(1);
    Tensor a = rng.normal_tensor({n, n}), b = rng.normal_tensor({n, n});
    Timing t = time_median([&] {
        Tape tape;
        Var y = matmul(tape.input(a), tape.constant(b));  // recorded, as in training
        (void)y;
    });
    return {"M1", "agop::matmul " + std::to_string(n) + "^3 on a tape", "GFLOP/s", gflops(n, t.median_seconds),
            t.median_seconds, threads};
}

// Direct cblas_sgemm calls of an MLP layer's shape (rows x 64 x 64) for growing row counts:
// at 1 and 2 threads, where a second thread starts to pay, which is what sets
// kGemmParallelMinMultiplyAdds in autodiff/backend_cpu.cpp (that bound is bypassed here).
std::vector<Measurement> gemm_thread_crossover(int threads) {
    std::vector<Measurement> out;
    for (std::size_t rows : {256, 1024, 2048, 4096, 16384}) {
        const std::size_t width = 64;
        Rng rng(1);
        Tensor a = rng.normal_tensor({rows, width}), b = rng.normal_tensor({width, width});
        Tensor c = Tensor::from_shape({rows, width});
        const int m = static_cast<int>(rows), n = static_cast<int>(width);
        const std::size_t calls = 4 * (1 << 24) / (rows * width * width) + 1;  // about 2^26 multiply-adds per repetition
        Timing t = time_median([&] {
            for (std::size_t i = 0; i < calls; ++i)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f,
                            c.data(), n);
        });
        const double multiply_adds = static_cast<double>(rows) * width * width;
        out.push_back({"M2-" + std::to_string(rows) + "x64x64",
                       "cblas_sgemm " + std::to_string(rows) + "x64x64 (" + std::to_string(multiply_adds / 1e6) +
                           "M multiply-adds), direct",
                       "GFLOP/s", 2.0 * multiply_adds * calls / t.median_seconds * 1e-9, t.median_seconds / calls,
                       threads});
    }
    return out;
}

}  // namespace

std::vector<Workload> sgemm_workloads() {
    return {
        {"P0", "sgemm 2048x2048x2048 through OpenBLAS (the machine's limit)",
         [](int threads) { return std::vector<Measurement>{direct_sgemm(2048, threads, "P0")}; }},
        {"M1", "engine matmul vs direct cblas_sgemm, 1024^3",
         [](int threads) {
             return std::vector<Measurement>{direct_sgemm(1024, threads, "M1-direct"), engine_matmul(1024, threads)};
         }},
        {"M2", "sgemm rows x 64 x 64 for growing rows: where a second thread pays", gemm_thread_crossover},
    };
}

}  // namespace agop::bench
