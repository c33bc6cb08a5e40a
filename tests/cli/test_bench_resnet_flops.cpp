#include <boost/test/unit_test.hpp>

#include "bench/resnet_flops.hpp"

BOOST_AUTO_TEST_SUITE(bench_resnet_flops)

// torchvision publishes 1.81 GFLOPS (multiply-accumulates) for ResNet-18 at 3x224x224.
BOOST_AUTO_TEST_CASE(resnet18_macs_match_torchvision_at_224) {
    const double macs = agop::bench::resnet18_forward_macs(3, 224, 224, 1000);
    BOOST_TEST(macs > 1.805e9);
    BOOST_TEST(macs < 1.825e9);
}

// R1's shape, counted by hand: conv1 9,633,792; layer1 4 x 9,437,184; layers 2-4 each
// 4,718,592 + 3 x 9,437,184 + 524,288 (downsample) = 33,554,432; fc 512 x 10.
BOOST_AUTO_TEST_CASE(resnet18_macs_at_3x64x64_by_hand) {
    BOOST_TEST(agop::bench::resnet18_forward_macs(3, 64, 64, 10) == 148050944.0);
}

BOOST_AUTO_TEST_SUITE_END()
