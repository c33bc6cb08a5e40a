#include "autodiff/threads.hpp"

#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <exception>
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

int threads_for(double work, double min_work_per_thread) {
    const double worth = work / min_work_per_thread;
    const int threads = thread_count();
    return worth >= threads ? threads : std::max(1, static_cast<int>(worth));
}

void run_with_blas_on_this_thread(const std::function<void()>& work) {
    if (omp_in_parallel() || omp_get_max_threads() == 1) {
        work();
        return;
    }
    std::exception_ptr error;
#pragma omp parallel num_threads(2)
    {
#pragma omp master
        try {
            work();
        } catch (...) {
            error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
}

void run_as_one_thread(const std::function<void()>& work) {
    std::exception_ptr error;
    // Two threads make the region active; inside one already, a nested region of one thread gives
    // work() its own task, so the count set below is not the caller's.
#pragma omp parallel num_threads(omp_in_parallel() ? 1 : 2)
    {
#pragma omp master
        try {
            omp_set_num_threads(1);
            work();
        } catch (...) {
            error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
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
