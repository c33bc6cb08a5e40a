// The seeded methods draw row r's randomness from Rng::stream(seed, first_row + i), i its place
// in the call: rows [k, N) explained alone with first_row = k get the draws they get in one
// call on [0, N). (Their bits may still move by an ulp when sgemm blocks the rows otherwise;
// `agop explain --shard` therefore explains on a fixed grid of blocks, cli/explain_shard.hpp.)

#include <boost/test/unit_test.hpp>
#include <string>

#include "attribution/batch_rows.hpp"
#include "attribution/lime.hpp"
#include "attribution/method_registry.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

MethodSettings seeded_settings(std::uint64_t first_row, const Tensor& background) {
    MethodSettings s;
    s.smoothgrad.seed = s.kernelshap.seed = s.lime.seed = s.random.seed = 7;
    s.smoothgrad.samples = 6;
    s.smoothgrad.first_row = s.kernelshap.first_row = s.lime.first_row = s.random.first_row = first_row;
    s.kernelshap.background = background;
    s.kernelshap.budget = 64;
    s.lime.samples = 40;
    const FeatureStatistics stats = feature_statistics(background);
    s.lime.feature_mean = stats.mean;
    s.lime.feature_std = stats.std;
    return s;
}

// 14 players > exact_max_players, so KernelSHAP samples its coalitions per row.
const char* const kSeededMethods[] = {"smoothgrad", "kernelshap", "lime", "random"};

}  // namespace

BOOST_AUTO_TEST_SUITE(row_offset_tests)

BOOST_AUTO_TEST_CASE(seeded_methods_give_a_row_its_draws_from_its_place_in_the_whole_set) {
    const ExplainedModel model = mlp_model(14, 16, 3, 5);
    const Tensor x = normal_inputs({9, 14}, 9);
    const Tensor background = normal_inputs({10, 14}, 4);
    const std::size_t first = 4;
    for (const std::string method : kSeededMethods) {
        BOOST_TEST_CONTEXT(method) {
            const Tensor whole = explain(method, model, x, Targets::predicted(), seeded_settings(0, background));
            const Tensor tail = explain(method, model, take_rows(x, first, 9 - first), Targets::predicted(),
                                        seeded_settings(first, background));
            BOOST_TEST(max_abs_difference(take_rows(whole, first, 9 - first), tail) < 1e-5);
        }
    }
}

BOOST_AUTO_TEST_CASE(seeded_methods_without_the_offset_give_a_row_other_draws) {
    // The check above can fail: without first_row the tail's first row draws row 0's randomness.
    const ExplainedModel model = mlp_model(14, 16, 3, 5);
    const Tensor x = normal_inputs({9, 14}, 9);
    const Tensor background = normal_inputs({10, 14}, 4);
    const std::size_t first = 4;
    for (const std::string method : kSeededMethods) {
        BOOST_TEST_CONTEXT(method) {
            const Tensor whole = explain(method, model, x, Targets::predicted(), seeded_settings(0, background));
            const Tensor tail = explain(method, model, take_rows(x, first, 9 - first), Targets::predicted(),
                                        seeded_settings(0, background));
            BOOST_TEST(max_abs_difference(take_rows(whole, first, 9 - first), tail) > 1e-3);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
