// The batching of methods that explain a sample through copies of it: passes of as many samples
// as fit max_batch_rows, copies side by side, every copy's gradient for its own sample's target.

#include <boost/test/unit_test.hpp>
#include <utility>
#include <vector>

#include "attribution/sample_copies.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(sample_copies)

BOOST_AUTO_TEST_CASE(passes_hold_whole_samples_and_each_copy_gets_its_samples_target_gradient) {
    const Tensor weight = linear_weight();  // (3, 5): the gradient of logit c is row c
    ExplainedModel model = linear_model(weight, linear_bias());
    model.max_batch_rows = 7;  // 3 copies: 2 samples per pass
    const Tensor inputs = normal_inputs({5, 5}, 3);
    const std::vector<int> targets{2, 0, 1, 1, 0};
    std::vector<std::pair<std::size_t, std::size_t>> filled, reduced;
    gradients_of_sample_copies(
        model, inputs, targets, 3, "test",
        [&](std::size_t first, std::size_t count, Tensor& rows) {
            BOOST_TEST(rows.shape()[0] == count * 3);
            for (std::size_t r = 0; r < count * 3; ++r)
                for (std::size_t j = 0; j < 5; ++j) rows(r, j) = inputs(first + r / 3, j) * float(r % 3 + 1);
            filled.push_back({first, count});
        },
        [&](std::size_t first, std::size_t count, const Tensor& gradients) {
            BOOST_TEST(gradients.shape()[0] == count * 3);
            for (std::size_t r = 0; r < count * 3; ++r)
                for (std::size_t j = 0; j < 5; ++j) BOOST_TEST(gradients(r, j) == weight(targets[first + r / 3], j));
            reduced.push_back({first, count});
        });
    const std::vector<std::pair<std::size_t, std::size_t>> passes{{0, 2}, {2, 2}, {4, 1}};
    BOOST_TEST((filled == passes));
    BOOST_TEST((reduced == passes));
}

BOOST_AUTO_TEST_SUITE_END()
