#pragma once
// One knob for both thread pools: OpenMP (our loops) and OpenBLAS (gemm).
// `--threads N` on every command calls set_threads(N).

namespace agop {

// Sets the OpenMP and OpenBLAS thread counts; n must be >= 1.
void set_threads(int n);
// The thread count in force.
int thread_count();
// For its lifetime, OpenBLAS and our OpenMP loops run on one thread; the count in force
// before is restored at the end. For BLAS and LAPACK calls too small to gain from a second
// thread, where waking it costs more than the call (see the thresholds where it is used).
// Does nothing inside a parallel region, where OpenBLAS's OpenMP build is already single-threaded.
class SingleThreadedBlas {
  public:
    SingleThreadedBlas();
    ~SingleThreadedBlas();
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

  private:
    int previous_threads_;  // 0: nothing to restore
};

// "OpenBLAS 0.3.21 ... (openmp), core SkylakeX, chosen by agop (...)" or similar, for reports and
// benchmark records: the build, and which kernels run and why (autodiff/openblas_core.hpp).
const char* blas_description();

}  // namespace agop
