// The two forms of one image's unfolding (rectangles and gather table) against each other,
// and fold_image_add as unfold's adjoint.

#include <boost/test/unit_test.hpp>

#include "autodiff/conv_window.hpp"
#include "autodiff/rng.hpp"

using namespace agop;

namespace {

// Padding 0 to 3, stride 1 and 2, kernels 1x1 to 7x7, an image smaller than the kernel's reach.
const std::vector<ConvGeometry> kGeometries{{3, 6, 5, 3, 3, 1, 1}, {2, 9, 9, 7, 7, 2, 3}, {4, 4, 4, 2, 2, 1, 1},
                                            {5, 7, 7, 1, 1, 2, 0}, {1, 1, 1, 2, 2, 1, 1}, {2, 3, 3, 3, 3, 1, 2}};

}  // namespace

BOOST_AUTO_TEST_SUITE(conv_window)

BOOST_AUTO_TEST_CASE(unfolding_by_table_matches_unfolding_by_rectangles) {
    std::uint64_t seed = 20;
    for (const ConvGeometry& g : kGeometries) {
        BOOST_TEST(unfold_table_fits(g));
        const std::size_t positions = g.out_h() * g.out_w(), row_stride = positions + 3;  // rows apart, as in a batch
        const Tensor image = Rng(seed++).normal_tensor({g.channels * g.height * g.width});
        Tensor by_rectangles = xt::zeros<float>({g.patch_size() * row_stride}), by_table = by_rectangles;
        unfold_image(image.data(), g, valid_kernel_offsets(g), row_stride, by_rectangles.data());
        unfold_image_by_table(image.data(), g, unfold_table(g), row_stride, by_table.data());
        BOOST_TEST((by_rectangles == by_table));
    }
}

BOOST_AUTO_TEST_CASE(fold_is_the_adjoint_of_unfold) {
    // <unfold(x), y> == <x, fold(y)> for random x, y.
    std::uint64_t seed = 30;
    for (const ConvGeometry& g : kGeometries) {
        const std::size_t positions = g.out_h() * g.out_w(), image_size = g.channels * g.height * g.width;
        const Tensor x = Rng(seed++).normal_tensor({image_size}),
                     y = Rng(seed++).normal_tensor({g.patch_size() * positions});
        Tensor columns = Tensor::from_shape({g.patch_size() * positions}), back = xt::zeros<float>({image_size});
        const auto offsets = valid_kernel_offsets(g);
        unfold_image(x.data(), g, offsets, positions, columns.data());
        fold_image_add(y.data(), g, offsets, positions, back.data());
        double lhs = 0, rhs = 0;
        for (std::size_t i = 0; i < columns.size(); ++i) lhs += static_cast<double>(columns.data()[i]) * y.data()[i];
        for (std::size_t i = 0; i < image_size; ++i) rhs += static_cast<double>(x.data()[i]) * back.data()[i];
        BOOST_TEST(lhs == rhs, boost::test_tools::tolerance(1e-5));
    }
}

BOOST_AUTO_TEST_SUITE_END()
