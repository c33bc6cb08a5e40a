// The batching behind the perturbation methods: rows generated on demand, piece by piece.

#include <boost/test/unit_test.hpp>
#include <mutex>
#include <set>
#include <utility>

#include "attribution/explained_model.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/expect_error.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(explained_model_batching)

BOOST_AUTO_TEST_CASE(generated_rows_give_the_target_logits_of_the_same_rows_built_at_once) {
    ExplainedModel model = mlp_model(6, 16, 3, 2);
    model.max_batch_rows = 7;  // 50 rows: pieces of 7 and a last one of 1
    const Tensor rows = normal_inputs({50, 6}, 8);
    const Tensor logits = predict_logits(model, rows);
    std::mutex calls_lock;
    std::set<std::pair<std::size_t, std::size_t>> calls;
    const std::vector<float> values = target_logits_of_generated_rows(
        model, {6}, 50,
        [&](std::size_t first, std::size_t count, float* dst) {
            {
                std::lock_guard<std::mutex> hold(calls_lock);
                calls.insert({first, count});
            }
            std::copy(rows.data() + first * 6, rows.data() + (first + count) * 6, dst);
        },
        [](std::size_t r) { return static_cast<int>(r % 3); }, "test");
    BOOST_TEST(values.size() == 50u);
    for (std::size_t r = 0; r < 50; ++r) BOOST_TEST(values[r] == logits(r, r % 3), "row " << r);
    // One call per piece, the pieces covering the rows in order.
    std::size_t next = 0;
    for (const auto& [first, count] : calls) {
        BOOST_TEST(first == next);
        BOOST_TEST(count <= 7u);
        next = first + count;
    }
    BOOST_TEST(next == 50u);
}

BOOST_AUTO_TEST_CASE(a_background_must_hold_rows_shaped_like_the_samples) {
    const ExplainedModel model = linear_model(linear_weight(), linear_bias());
    const Tensor inputs = normal_inputs({2, 5}, 1);
    BOOST_TEST(check_batch_targets_and_background("deepshap", model, inputs, {0, 2}, normal_inputs({4, 5}, 2)) == 4u);
    expect_error_mentioning(
        [&] {
            check_batch_targets_and_background("deepshap", model, inputs, {0, 2}, normal_inputs({4, 6}, 2));
        },
        {"deepshap", "settings.background must hold B >= 1 rows shaped like the inputs' samples"});
    expect_error_mentioning(
        [&] {
            check_batch_targets_and_background("kernelshap", model, inputs, {0, 3}, normal_inputs({4, 5}, 2));
        },
        {"kernelshap"});  // a target the model does not have is refused first
}

BOOST_AUTO_TEST_SUITE_END()
