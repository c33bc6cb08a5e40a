#pragma once
// One knob for both thread pools: OpenMP (our loops) and OpenBLAS (gemm).
// `--threads N` on every command calls set_threads(N).

namespace agop {

// Sets the OpenMP and OpenBLAS thread counts; n must be >= 1.
void set_threads(int n);
// The thread count in force.
int thread_count();
// "openblas 0.3.21 (pthread), coretype Haswell" or similar, for benchmark records.
const char* blas_description();

}  // namespace agop
