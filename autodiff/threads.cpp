#include "autodiff/threads.hpp"

#include <cblas.h>
#include <omp.h>

#include <string>

#include "autodiff/error.hpp"
#include "autodiff/openblas_core.hpp"

namespace agop {

void set_threads(int n) {
    if (n < 1) throw Error("--threads: expected a positive number of threads, got " + std::to_string(n));
    omp_set_num_threads(n);
    openblas_set_num_threads(n);
}

int thread_count() { return omp_get_max_threads(); }

// openblas_set_num_threads also sets OpenMP's count in the OpenMP build of OpenBLAS, and
// OpenBLAS follows omp_get_max_threads() at each call, so both pools change together.
SingleThreadedBlas::SingleThreadedBlas() : previous_threads_(0) {
    if (omp_in_parallel() || omp_get_max_threads() == 1) return;
    previous_threads_ = omp_get_max_threads();
    omp_set_num_threads(1);
    openblas_set_num_threads(1);
}

SingleThreadedBlas::~SingleThreadedBlas() {
    if (previous_threads_ == 0) return;
    omp_set_num_threads(previous_threads_);
    openblas_set_num_threads(previous_threads_);
}

const char* blas_description() {
    static const std::string text = [] {
        std::string parallel;
        switch (openblas_get_parallel()) {
            case 0: parallel = "sequential"; break;
            case 1: parallel = "pthread"; break;
            default: parallel = "openmp"; break;
        }
        return std::string(openblas_get_config()) + " (" + parallel + "), core " +
               describe(openblas_core());
    }();
    return text.c_str();
}

}  // namespace agop
