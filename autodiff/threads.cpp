#include "autodiff/threads.hpp"

#include <cblas.h>
#include <omp.h>

#include <string>

#include "autodiff/error.hpp"

namespace agop {

void set_threads(int n) {
    if (n < 1) throw Error("--threads: expected a positive number of threads, got " + std::to_string(n));
    omp_set_num_threads(n);
    openblas_set_num_threads(n);
}

int thread_count() { return omp_get_max_threads(); }

const char* blas_description() {
    static const std::string text = [] {
        std::string parallel;
        switch (openblas_get_parallel()) {
            case 0: parallel = "sequential"; break;
            case 1: parallel = "pthread"; break;
            default: parallel = "openmp"; break;
        }
        return std::string(openblas_get_config()) + " (" + parallel + "), core " + openblas_get_corename();
    }();
    return text.c_str();
}

}  // namespace agop
