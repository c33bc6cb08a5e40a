// The CPU backend's primitives against plain reference loops.

#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "autodiff/allocator.hpp"
#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(backend_cpu)

BOOST_AUTO_TEST_CASE(gemm_matches_a_triple_loop_for_every_transpose_combination) {
    Rng rng(1);
    const std::size_t m = 5, n = 7, k = 3;
    Tensor a = rng.normal_tensor({m * k}), b = rng.normal_tensor({k * n}), c0 = rng.normal_tensor({m * n});
    for (bool ta : {false, true})
        for (bool tb : {false, true}) {
            Tensor c = c0;
            backend().gemm(ta, tb, m, n, k, 0.5f, a.data(), b.data(), 2.0f, c.data());
            for (std::size_t i = 0; i < m; ++i)
                for (std::size_t j = 0; j < n; ++j) {
                    double ref = 2.0 * c0.data()[i * n + j];
                    for (std::size_t p = 0; p < k; ++p)
                        ref += 0.5 * (ta ? a.data()[p * m + i] : a.data()[i * k + p]) *
                               (tb ? b.data()[j * k + p] : b.data()[p * n + j]);
                    BOOST_TEST(c.data()[i * n + j] == ref, boost::test_tools::tolerance(1e-5));
                }
        }
}

BOOST_AUTO_TEST_CASE(im2col_places_windows_and_padding) {
    // One 1x3x3 image 1..9, 2x2 kernel, stride 1, padding 1 -> 4 kernel offsets x 4x4 positions;
    // column p of the (4, 16) result is position p's window.
    Tensor image = Tensor::from_shape({9});
    for (int i = 0; i < 9; ++i) image.data()[i] = static_cast<float>(i + 1);
    const ConvGeometry g{1, 3, 3, 2, 2, 1, 1};
    BOOST_TEST(g.out_h() == 4u);
    Tensor columns = Tensor::from_shape({4 * 16});
    backend().im2col(image.data(), 1, g, columns.data());
    const float first[4] = {0, 0, 0, 1}, centre[4] = {1, 2, 4, 5}, last[4] = {9, 0, 0, 0};
    for (int k = 0; k < 4; ++k) {
        BOOST_TEST(columns.data()[k * 16] == first[k]);
        BOOST_TEST(columns.data()[k * 16 + 5] == centre[k]);
        BOOST_TEST(columns.data()[k * 16 + 15] == last[k]);
    }
}

BOOST_AUTO_TEST_CASE(im2col_puts_each_image_after_the_previous_one_in_every_row) {
    // Two 1x2x2 images, 1x1 kernel: row 0 is both images' pixels in order.
    Tensor images = Tensor::from_shape({8});
    for (int i = 0; i < 8; ++i) images.data()[i] = static_cast<float>(i + 1);
    const ConvGeometry g{1, 2, 2, 1, 1, 1, 0};
    Tensor columns = Tensor::from_shape({8});
    backend().im2col(images.data(), 2, g, columns.data());
    for (int i = 0; i < 8; ++i) BOOST_TEST(columns.data()[i] == images.data()[i]);
}

BOOST_AUTO_TEST_CASE(col2im_is_the_adjoint_of_im2col) {
    // <im2col(x), y> == <x, col2im(y)> for random x, y: the property conv2d's backward relies on.
    Rng rng(2);
    const ConvGeometry g{2, 5, 6, 3, 2, 2, 1};
    const std::size_t batch = 3, rows = batch * g.out_h() * g.out_w();
    Tensor x = rng.normal_tensor({batch * 2 * 5 * 6}), y = rng.normal_tensor({rows * g.patch_size()});
    Tensor cols = Tensor::from_shape({rows * g.patch_size()});
    backend().im2col(x.data(), batch, g, cols.data());
    Tensor back = xt::zeros<float>({batch * 2 * 5 * 6});
    backend().col2im(y.data(), batch, g, back.data());
    double lhs = 0, rhs = 0;
    for (std::size_t i = 0; i < cols.size(); ++i) lhs += static_cast<double>(cols.data()[i]) * y.data()[i];
    for (std::size_t i = 0; i < x.size(); ++i) rhs += static_cast<double>(x.data()[i]) * back.data()[i];
    BOOST_TEST(lhs == rhs, boost::test_tools::tolerance(1e-6));  // col2im sums in float
}

BOOST_AUTO_TEST_CASE(unknown_backend_is_refused_with_the_known_names) {
    try {
        use_backend("tpu");
        BOOST_ERROR("no exception");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("cpu") != std::string::npos);
    }
    BOOST_TEST(backend().name() == "cpu");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(backend_cuda)

// Runs only in a -DAGOP_CUDA=ON build on a machine with a GPU; says so when it cannot.
BOOST_AUTO_TEST_CASE(cuda_gemm_matches_cpu_gemm_when_a_gpu_is_present) {
    const auto names = available_backends();
    if (std::find(names.begin(), names.end(), "cuda") == names.end()) {
        BOOST_TEST_MESSAGE("SKIPPED: this build has no cuda backend (-DAGOP_CUDA=OFF)");
        return;
    }
    try {
        use_backend("cuda");
    } catch (const Error& e) {
        BOOST_TEST_MESSAGE("SKIPPED: " << e.what());
        return;
    }
    Rng rng(3);
    const std::size_t m = 33, n = 17, k = 65;
    Tensor a = rng.normal_tensor({m * k}), b = rng.normal_tensor({k * n}), c0 = rng.normal_tensor({m * n});
    for (bool ta : {false, true})
        for (bool tb : {false, true}) {
            Tensor gpu = c0, cpu = c0;
            backend().gemm(ta, tb, m, n, k, 1.5f, a.data(), b.data(), 0.5f, gpu.data());
            make_cpu_backend()->gemm(ta, tb, m, n, k, 1.5f, a.data(), b.data(), 0.5f, cpu.data());
            for (std::size_t i = 0; i < gpu.size(); ++i)
                BOOST_TEST(gpu.data()[i] == cpu.data()[i], boost::test_tools::tolerance(1e-4f));
        }
    use_backend("cpu");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(allocator)

BOOST_AUTO_TEST_CASE(glibc_accepts_the_allocator_settings) {
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer (-DAGOP_SANITIZE=ON) replaces glibc's malloc; its mallopt accepts nothing.
    BOOST_TEST(!keep_freed_tensor_memory());
#elif defined(__GLIBC__)
    BOOST_TEST(keep_freed_tensor_memory());
#else
    BOOST_TEST(!keep_freed_tensor_memory());
#endif
}

BOOST_AUTO_TEST_SUITE_END()
