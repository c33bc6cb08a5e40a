// max_pool2d's values and winners against a plain scan of each window, on inputs full of
// ties (values 0, 1, 2): the 2x2 stride-2 path and the general one both pick the first
// maximum in row-major order, as PyTorch. Gradients: test_op_gradients.cpp. relu_max_pool2x2
// against max_pool2d(relu(x)): the same bits forward and backward, on values that tie, are
// negative, zero, -0 and NaN.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstring>
#include <limits>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/rng.hpp"

using namespace agop;

namespace {

void expect_first_maximum_wins(std::size_t kernel, std::size_t stride, std::size_t padding, const Shape& shape,
                               std::uint64_t seed) {
    Rng rng(seed);
    Tensor x = Tensor::from_shape(shape);
    const auto order = rng.permutation(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(order[i] % 3);
    const std::size_t planes = shape[0] * shape[1], h = shape[2], w = shape[3];
    const std::size_t oh = (h + 2 * padding - kernel) / stride + 1, ow = (w + 2 * padding - kernel) / stride + 1;
    const Tensor seed_grad = rng.normal_tensor({shape[0], shape[1], oh, ow});

    Tape tape;
    Var input = tape.input(x);
    Var out = max_pool2d(input, kernel, stride, padding);
    tape.backward(out, seed_grad);

    Tensor expected_dx = xt::zeros<float>(shape);
    for (std::size_t p = 0; p < planes; ++p)
        for (std::size_t oy = 0; oy < oh; ++oy)
            for (std::size_t ox = 0; ox < ow; ++ox) {
                long best_index = -1;
                for (std::size_t ky = 0; ky < kernel; ++ky)
                    for (std::size_t kx = 0; kx < kernel; ++kx) {
                        const long y = static_cast<long>(oy * stride + ky) - static_cast<long>(padding);
                        const long xx = static_cast<long>(ox * stride + kx) - static_cast<long>(padding);
                        if (y < 0 || xx < 0 || y >= static_cast<long>(h) || xx >= static_cast<long>(w)) continue;
                        const long index = static_cast<long>(p * h * w) + y * static_cast<long>(w) + xx;
                        if (best_index < 0 || x.data()[index] > x.data()[best_index]) best_index = index;
                    }
                const std::size_t o = (p * oh + oy) * ow + ox;
                BOOST_TEST(out.value().data()[o] == x.data()[best_index]);
                expected_dx.data()[best_index] += seed_grad.data()[o];
            }
    BOOST_TEST((input.grad() == expected_dx));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(max_pool)

BOOST_AUTO_TEST_CASE(two_by_two_stride_two_routes_gradients_to_the_first_maximum_on_ties) {
    expect_first_maximum_wins(2, 2, 0, {2, 3, 9, 9}, 1);
    expect_first_maximum_wins(2, 2, 0, {1, 2, 4, 6}, 2);
}

BOOST_AUTO_TEST_CASE(general_windows_route_gradients_to_the_first_maximum_on_ties) {
    expect_first_maximum_wins(3, 2, 1, {2, 2, 7, 7}, 3);
    expect_first_maximum_wins(2, 1, 0, {1, 3, 5, 4}, 4);
}

BOOST_AUTO_TEST_CASE(relu_max_pool_has_the_bits_of_max_pool_after_relu_both_ways) {
    Rng rng(5);
    const Shape shape{3, 4, 9, 9};
    Tensor x = Tensor::from_shape(shape);
    const float specials[] = {0.0f, -0.0f, 1.0f, -1.0f, std::numeric_limits<float>::quiet_NaN()};
    for (std::size_t i = 0; i < x.size(); ++i) {
        const std::uint64_t pick = rng.next_u64() % 8;
        x.data()[i] = pick < 5 ? specials[pick] : static_cast<float>(rng.normal());
    }
    const Tensor seed_grad = rng.normal_tensor({3, 4, 4, 4});
    auto run = [&](bool fused, Tensor& out, Tensor& dx) {
        Tape tape;
        Var input = tape.input(x);
        Var y = fused ? relu_max_pool2x2(input) : max_pool2d(relu(input), 2, 2);
        tape.backward(y, seed_grad);
        out = y.value();
        dx = input.grad();
    };
    Tensor out_fused, dx_fused, out_two, dx_two;
    run(true, out_fused, dx_fused);
    run(false, out_two, dx_two);
    BOOST_TEST(out_fused.shape() == out_two.shape());
    BOOST_TEST(std::memcmp(out_fused.data(), out_two.data(), out_two.size() * sizeof(float)) == 0);
    BOOST_TEST(std::memcmp(dx_fused.data(), dx_two.data(), dx_two.size() * sizeof(float)) == 0);
    BOOST_CHECK_THROW(relu_max_pool2x2(Tape().input(Tensor::from_shape({1, 1, 1, 1}))), Error);
}

BOOST_AUTO_TEST_SUITE_END()
