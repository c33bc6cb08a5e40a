// BLAS on the calling thread without a process-wide switch; gemms below the size bound, in
// blocks, against a double-precision product; gemm bits repeatable at a fixed thread count.

#include <cblas.h>
#include <omp.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstring>
#include <thread>

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "autodiff/threads.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(blas_threads)

BOOST_AUTO_TEST_CASE(blas_on_this_thread_runs_the_work_here_and_changes_no_thread_count) {
    testing::ScopedThreads two(2);
    const int caller = omp_get_thread_num();
    bool in_parallel = false;
    int count_inside = 0, thread_inside = -1;
    run_with_blas_on_this_thread([&] {
        in_parallel = omp_in_parallel();  // what makes OpenBLAS's OpenMP build use one thread
        count_inside = thread_count();
        thread_inside = omp_get_thread_num();
    });
    BOOST_TEST(in_parallel);
    BOOST_TEST(thread_inside == caller);
    BOOST_TEST(count_inside == 2);
    BOOST_TEST(thread_count() == 2);
    BOOST_CHECK_THROW(run_with_blas_on_this_thread([] { throw Error("from the work"); }), Error);
}

BOOST_AUTO_TEST_CASE(one_thread_work_counts_one_thread_inside_and_leaves_the_count_outside) {
    testing::ScopedThreads two(2);
    const int caller = omp_get_thread_num();
    bool in_parallel = false;
    int count_inside = 0, blas_inside = 0, thread_inside = -1;
    run_as_one_thread([&] {
        in_parallel = omp_in_parallel();
        count_inside = thread_count();
        blas_inside = openblas_get_num_threads();
        thread_inside = omp_get_thread_num();
    });
    BOOST_TEST(in_parallel);
    BOOST_TEST(thread_inside == caller);
    BOOST_TEST(count_inside == 1);
    BOOST_TEST(blas_inside == 2);  // OpenBLAS's count is process-wide: never touched
    BOOST_TEST(thread_count() == 2);
    int nested_count = 0;
#pragma omp parallel num_threads(2)
#pragma omp master
    {
        run_as_one_thread([&] { nested_count = thread_count(); });
        BOOST_TEST(thread_count() == 2);  // the enclosing region's task keeps its count
    }
    BOOST_TEST(nested_count == 1);
    BOOST_CHECK_THROW(run_as_one_thread([] { throw Error("from the work"); }), Error);
}

// What another thread of an embedder sees while one thread runs gemms as one piece: the
// process-wide BLAS thread count never changes.
BOOST_AUTO_TEST_CASE(one_thread_work_never_changes_what_another_thread_sees) {
    testing::ScopedThreads two(2);
    std::atomic<bool> done{false};
    std::atomic<int> lowest{openblas_get_num_threads()};
    std::thread observer([&] {
        while (!done) lowest = std::min(lowest.load(), openblas_get_num_threads());
    });
    Rng rng(7);
    const Tensor a = rng.normal_tensor({256 * 64}), b = rng.normal_tensor({64 * 64});
    Tensor c = Tensor::from_shape({256 * 64});
    for (int round = 0; round < 200; ++round)
        run_as_one_thread([&] { backend().gemm(false, false, 256, 64, 64, 1.0f, a.data(), b.data(), 0.0f, c.data()); });
    done = true;
    observer.join();
    BOOST_TEST(lowest.load() == 2);
}

BOOST_AUTO_TEST_CASE(threads_for_wakes_a_thread_per_share_of_work_up_to_the_count) {
    testing::ScopedThreads two(2);
    BOOST_TEST(threads_for(100.0, 1000.0) == 1);
    BOOST_TEST(threads_for(1999.0, 1000.0) == 1);
    BOOST_TEST(threads_for(2000.0, 1000.0) == 2);
    BOOST_TEST(threads_for(1e12, 1000.0) == 2);
    testing::ScopedThreads one(1);
    BOOST_TEST(threads_for(1e12, 1000.0) == 1);
}

namespace {

Tensor gemm_at(int threads, std::size_t rows, std::size_t k, std::size_t n) {
    Rng rng(3);
    Tensor a = rng.normal_tensor({rows * k}), b = rng.normal_tensor({k * n}), c = Tensor::from_shape({rows * n});
    testing::ScopedThreads scoped(threads);
    backend().gemm(false, false, rows, n, k, 1.0f, a.data(), b.data(), 0.0f, c.data());
    BOOST_TEST(thread_count() == threads);
    return c;
}

bool same_bits(const Tensor& x, const Tensor& y) { return std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0; }

}  // namespace

// OpenBLAS's threaded sgemm may round differently from its one-thread path, so a gemm below
// the bound giving the same bits at 1 and 2 threads shows that it ran on one thread.
BOOST_AUTO_TEST_CASE(small_gemm_gives_the_same_bits_at_one_and_two_threads) {
    BOOST_TEST(same_bits(gemm_at(1, 1000, 64, 64), gemm_at(2, 1000, 64, 64)));
    BOOST_TEST(same_bits(gemm_at(1, 128, 20, 64), gemm_at(2, 128, 20, 64)));
}

// Shapes whose blocks split C's rows only, rows and columns, and one too deep to block; with
// every transpose.
BOOST_AUTO_TEST_CASE(gemms_in_blocks_match_a_double_precision_product) {
    struct Case {
        std::size_t m, n, k;
    };
    for (const Case& shape : {Case{1000, 64, 64}, Case{70, 3000, 30}, Case{5, 3, 40000}})
        for (int t = 0; t < 4; ++t) {
            const bool trans_a = t & 1, trans_b = t & 2;
            Rng rng(5 + t);
            Tensor a = rng.normal_tensor({shape.m * shape.k}), b = rng.normal_tensor({shape.k * shape.n});
            Tensor c = filled({shape.m * shape.n}, 1.0f);
            backend().gemm(trans_a, trans_b, shape.m, shape.n, shape.k, 0.5f, a.data(), b.data(), 2.0f, c.data());
            double worst = 0.0;
            for (std::size_t i = 0; i < shape.m; i += 7)
                for (std::size_t j = 0; j < shape.n; j += 5) {
                    double dot = 0.0;
                    for (std::size_t p = 0; p < shape.k; ++p)
                        dot += static_cast<double>(a.data()[trans_a ? p * shape.m + i : i * shape.k + p]) *
                               b.data()[trans_b ? j * shape.k + p : p * shape.n + j];
                    const double expected = 0.5 * dot + 2.0;
                    worst = std::max(worst, std::abs(c.data()[i * shape.n + j] - expected) /
                                                (1.0 + std::sqrt(static_cast<double>(shape.k))));
                }
            BOOST_TEST(worst < 1e-4, shape.m << "x" << shape.n << "x" << shape.k << " transposes " << t);
        }
}

BOOST_AUTO_TEST_CASE(large_gemm_gives_the_same_bits_on_every_run_at_two_threads) {
    BOOST_TEST(same_bits(gemm_at(2, 2048, 128, 64), gemm_at(2, 2048, 128, 64)));
}

BOOST_AUTO_TEST_SUITE_END()
