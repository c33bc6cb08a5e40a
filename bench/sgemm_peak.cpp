// P0 and M1: the machine's sgemm limit, and the engine's matmul op measured against a
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

}  // namespace

std::vector<Workload> sgemm_workloads() {
    return {
        {"P0", "sgemm 2048x2048x2048 through OpenBLAS (the machine's limit)",
         [](int threads) { return std::vector<Measurement>{direct_sgemm(2048, threads, "P0")}; }},
        {"M1", "engine matmul vs direct cblas_sgemm, 1024^3",
         [](int threads) {
             return std::vector<Measurement>{direct_sgemm(1024, threads, "M1-direct"), engine_matmul(1024, threads)};
         }},
    };
}

}  // namespace agop::bench
