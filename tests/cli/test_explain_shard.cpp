// --shard i/n: the text it accepts, and the rows each shard gets.

#include <boost/test/unit_test.hpp>
#include <cstring>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"
#include "cli/explain_shard.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::cli;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(explain_shard_tests)

BOOST_AUTO_TEST_CASE(blocks_are_small_for_small_sets_and_capped_for_large_ones) {
    BOOST_TEST(row_block_size(1) == 1u);
    BOOST_TEST(row_block_size(256) == 1u);
    BOOST_TEST(row_block_size(257) == 2u);
    BOOST_TEST(row_block_size(30000) == 118u);
    BOOST_TEST(row_block_size(100000000) == 1024u);
}

BOOST_AUTO_TEST_CASE(shards_cover_every_row_once_in_order_on_whole_blocks) {
    for (std::size_t total : {1u, 2u, 7u, 10u, 255u, 256u, 300u, 1000u, 30000u, 300001u}) {
        const std::size_t block = row_block_size(total), blocks = (total + block - 1) / block;
        for (std::size_t n : {1u, 2u, 3u, 7u, 64u, 256u}) {
            if (n > blocks) continue;
            std::size_t next = 0, smallest = total, largest = 0;
            for (std::size_t i = 1; i <= n; ++i) {
                const RowRange rows = shard_rows(total, {i, n});
                BOOST_TEST(rows.first == next);
                BOOST_TEST(rows.first % block == 0u);
                BOOST_TEST(rows.count > 0u);
                next += rows.count;
                smallest = std::min(smallest, rows.count);
                largest = std::max(largest, rows.count);
            }
            BOOST_TEST(next == total);
            BOOST_TEST(largest - smallest < 2 * block);  // as even as whole blocks (the last one short) allow
        }
    }
}

BOOST_AUTO_TEST_CASE(the_first_shards_take_the_extra_rows) {
    // 10 rows are 10 blocks of 1: 3 shards get 4, 3 and 3 rows.
    BOOST_TEST(shard_rows(10, {1, 3}).first == 0u);
    BOOST_TEST(shard_rows(10, {1, 3}).count == 4u);
    BOOST_TEST(shard_rows(10, {2, 3}).first == 4u);
    BOOST_TEST(shard_rows(10, {3, 3}).first == 7u);
    BOOST_TEST(shard_rows(10, {3, 3}).count == 3u);
}

BOOST_AUTO_TEST_CASE(more_shards_than_blocks_are_refused_naming_the_option) {
    BOOST_CHECK_EXCEPTION(shard_rows(3, {1, 4}), Error, [](const Error& e) {
        return std::string(e.what()).find("--shard 1/4") != std::string::npos &&
               std::string(e.what()).find("at most 3") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(a_shards_rows_have_the_bits_of_the_unsharded_call) {
    // 600 rows: blocks of 3; Integrated Gradients (sgemm on batches of steps x rows) and the
    // seeded SmoothGrad, with given targets.
    ExplainedModel model = mlp_model(6, 16, 3, 5);
    model.max_batch_rows = 40;
    const Tensor x = normal_inputs({600, 6}, 9);
    std::vector<int> classes(600);
    for (std::size_t i = 0; i < classes.size(); ++i) classes[i] = static_cast<int>(i % 3);
    MethodSettings settings;
    settings.integrated_gradients.steps = 7;
    settings.smoothgrad.samples = 5;
    settings.smoothgrad.seed = 3;
    for (const std::string method : {"integrated-gradients", "smoothgrad"}) {
        for (const Targets& targets : {Targets::predicted(), Targets::classes(classes)}) {
            const Tensor whole = explain_rows_in_blocks(method, model, x, targets, settings, {0, 600});
            for (std::size_t i = 1; i <= 7; ++i) {
                const RowRange rows = shard_rows(600, {i, 7});
                const Tensor part = explain_rows_in_blocks(method, model, x, targets, settings, rows);
                BOOST_TEST_CONTEXT(method << " shard " << i << "/7") {
                    BOOST_TEST(std::memcmp(part.data(), take_rows(whole, rows.first, rows.count).data(),
                                           part.size() * sizeof(float)) == 0);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(rows_off_the_block_grid_and_short_targets_are_refused) {
    const ExplainedModel model = mlp_model(6, 16, 3, 5);
    const Tensor x = normal_inputs({600, 6}, 9);
    BOOST_CHECK_THROW(explain_rows_in_blocks("vanilla-grad", model, x, Targets::predicted(), {}, {1, 3}), Error);
    BOOST_CHECK_THROW(explain_rows_in_blocks("vanilla-grad", model, x, Targets::predicted(), {}, {597, 6}), Error);
    BOOST_CHECK_EXCEPTION(explain_rows_in_blocks("vanilla-grad", model, x, Targets::classes({0, 1}), {}, {0, 3}), Error,
                          [](const Error& e) { return std::string(e.what()).rfind("--targets:", 0) == 0; });
}

BOOST_AUTO_TEST_SUITE_END()
