// The settings every method gets in the tabular experiments.

#include <boost/test/unit_test.hpp>

#include "attribution/baseline.hpp"
#include "attribution/lime.hpp"
#include "autodiff/rng.hpp"
#include "experiments/tabular_method_settings.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(tabular_method_settings_suite)

namespace {

// (N, d) = (6, 3) rows with distinct values, so that any two backgrounds of different rows differ.
Tensor training_rows() {
    Tensor x = Tensor::from_shape({6, 3});
    for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(i * i % 7) + 0.5f * i;
    return x;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_setting_comes_from_the_sizes_the_agop_and_its_own_seed_stream) {
    const Tensor x = training_rows();
    Tensor agop = Tensor::from_shape({3, 3});
    for (std::size_t i = 0; i < agop.size(); ++i) agop.data()[i] = static_cast<float>(i % 4);
    const TabularMethodSizes sizes{4, 321, 17, IntegrationRule::trapezoid};
    const std::uint64_t seed = 9;
    const MethodSeedStreams streams{3, 6, 4, 5};
    const MethodSettings s = tabular_method_settings(agop, x, sizes, seed, streams);

    BOOST_TEST((s.agop.matrix == agop));
    BOOST_TEST(s.integrated_gradients.steps == 17u);
    BOOST_TEST((s.integrated_gradients.rule == IntegrationRule::trapezoid));
    const Tensor background = sample_background(x, 4, Rng::stream(seed, 3).next_u64());
    BOOST_TEST((s.deepshap.background == background));
    BOOST_TEST((s.kernelshap.background == background));
    BOOST_TEST(s.kernelshap.seed == Rng::stream(seed, 6).next_u64());
    const FeatureStatistics statistics = feature_statistics(x);
    BOOST_TEST((s.lime.feature_mean == statistics.mean));
    BOOST_TEST((s.lime.feature_std == statistics.std));
    BOOST_TEST(s.lime.samples == 321u);
    BOOST_TEST(s.lime.seed == Rng::stream(seed, 4).next_u64());
    BOOST_TEST(s.random.seed == Rng::stream(seed, 5).next_u64());
}

BOOST_AUTO_TEST_CASE(other_stream_ids_give_other_draws) {
    const Tensor x = training_rows();
    Tensor agop = Tensor::from_shape({3, 3});
    agop.fill(1.0f);
    const TabularMethodSizes sizes{4, 10, 5, IntegrationRule::gauss_legendre};
    const MethodSettings a = tabular_method_settings(agop, x, sizes, 9, {3, 6, 4, 5});
    const MethodSettings b = tabular_method_settings(agop, x, sizes, 9, {10, 11, 12, 13});
    BOOST_TEST(a.lime.seed != b.lime.seed);
    BOOST_TEST(a.random.seed != b.random.seed);
    BOOST_TEST(a.kernelshap.seed != b.kernelshap.seed);
    BOOST_TEST(b.lime.seed == Rng::stream(9, 12).next_u64());
}

BOOST_AUTO_TEST_SUITE_END()
