#pragma once
// One knob for both thread pools: OpenMP (our loops) and OpenBLAS (gemm).
// `--threads N` on every command calls set_threads(N).

#include <functional>

namespace agop {

// Sets the OpenMP and OpenBLAS thread counts; n must be >= 1.
void set_threads(int n);
// The thread count in force.
int thread_count();
// The threads worth waking for `work` units of which each thread should get at least
// min_work_per_thread (waking one and joining it costs a few microseconds): between 1 and
// thread_count(). What a parallel region too small to split everywhere passes to num_threads.
int threads_for(double work, double min_work_per_thread);

// Runs work() on this thread with every OpenBLAS and LAPACK call in it on this thread alone,
// changing no thread count: inside an active parallel region OpenBLAS's OpenMP build runs each
// call on its caller's thread, so work() runs on the first thread of a two-thread region whose
// second thread only waits. For LAPACK calls too small to gain from a second thread. Several
// threads may do this at once (nothing process-wide is set: an API called from several threads
// stays safe). Inside a parallel region, or at one thread, it just calls work(). With the
// pthread build of OpenBLAS the calls may still use OpenBLAS's threads.
void run_with_blas_on_this_thread(const std::function<void()>& work);

// Runs work() on this thread as run_row_pieces runs a piece among several: thread_count() is 1
// inside it, and our OpenMP loops and OpenBLAS's OpenMP build run on this thread alone. Nothing
// process-wide is set (openblas_set_num_threads is, and OpenBLAS itself resets it when it sees
// omp_get_max_threads() differ outside a parallel region): work() runs on the first thread of an
// active parallel region, where the one-thread count is that region's task's own and ends with it.
void run_as_one_thread(const std::function<void()>& work);

// "OpenBLAS 0.3.21 ... (openmp), core SkylakeX, chosen by agop (...)" or similar, for reports and
// benchmark records: the build, and which kernels run and why (autodiff/openblas_core.hpp).
const char* blas_description();

}  // namespace agop
