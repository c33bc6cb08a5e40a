// SingleThreadedBlas: one thread inside its scope, the count restored after; the gemm size
// bound that uses it; gemm bits repeatable at a fixed thread count.

#include <boost/test/unit_test.hpp>

#include <omp.h>

#include <cstring>

#include "autodiff/backend.hpp"
#include "autodiff/rng.hpp"
#include "autodiff/threads.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(single_threaded_blas)

BOOST_AUTO_TEST_CASE(runs_one_thread_in_scope_and_restores_the_count) {
    testing::ScopedThreads two(2);
    {
        SingleThreadedBlas guard;
        BOOST_TEST(thread_count() == 1);
        int threads_in_region = 0;
#pragma omp parallel
        {
#pragma omp single
            threads_in_region = omp_get_num_threads();
        }
        BOOST_TEST(threads_in_region == 1);
    }
    BOOST_TEST(thread_count() == 2);
}

BOOST_AUTO_TEST_CASE(inside_a_parallel_region_it_changes_nothing) {
    testing::ScopedThreads two(2);
    int counts_after[2] = {0, 0};
#pragma omp parallel num_threads(2)
    {
        { SingleThreadedBlas guard; }
        counts_after[omp_get_thread_num()] = omp_get_max_threads();
    }
    BOOST_TEST(thread_count() == 2);
    BOOST_TEST(counts_after[0] == counts_after[1]);
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

BOOST_AUTO_TEST_CASE(large_gemm_gives_the_same_bits_on_every_run_at_two_threads) {
    BOOST_TEST(same_bits(gemm_at(2, 2048, 128, 64), gemm_at(2, 2048, 128, 64)));
}

BOOST_AUTO_TEST_SUITE_END()
