// Row pieces: they cover the rows in order within their bounds, every thread gets one when
// the batch is large enough, errors come back from the threads, and gradients computed in
// pieces side by side equal those of one piece on one thread.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstring>

#include "attribution/deepshap.hpp"
#include "attribution/explained_model.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/row_pieces.hpp"
#include "autodiff/error.hpp"
#include "nn/mlp.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;

namespace {

void check_cover(const std::vector<RowPiece>& pieces, std::size_t rows, std::size_t max_rows) {
    std::size_t next = 0;
    for (const RowPiece& piece : pieces) {
        BOOST_TEST(piece.begin == next);
        BOOST_TEST(piece.count >= 1u);
        BOOST_TEST(piece.count <= max_rows);
        next += piece.count;
    }
    BOOST_TEST(next == rows);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(row_pieces_suite)

BOOST_AUTO_TEST_CASE(pieces_cover_the_rows_in_order_within_the_bound) {
    for (std::size_t rows : {0, 1, 255, 256, 1000, 8150, 20000})
        for (int threads : {1, 2, 3})
            for (std::size_t max_rows : {1, 100, 8192}) check_cover(row_pieces(rows, max_rows, threads), rows, max_rows);
    BOOST_TEST(row_pieces(0, 8192, 2).empty());
}

BOOST_AUTO_TEST_CASE(large_batches_give_every_thread_a_piece_and_small_ones_stay_whole) {
    BOOST_TEST(row_pieces(1000, 8192, 1).size() == 1u);
    BOOST_TEST(row_pieces(1000, 8192, 2).size() == 2u);
    BOOST_TEST(row_pieces(1000, 8192, 3).size() == 3u);
    BOOST_TEST(row_pieces(2 * kMinRowsPerPiece - 1, 8192, 2).size() == 1u);
    BOOST_TEST(row_pieces(300, 8192, 4).size() == 2u);
    for (const RowPiece& piece : row_pieces(300, 8192, 4)) BOOST_TEST(piece.count >= kMinRowsPerPiece);
}

BOOST_AUTO_TEST_CASE(every_piece_runs_once_and_an_error_in_a_piece_comes_back) {
    testing::ScopedThreads two(2);
    const auto pieces = row_pieces(1000, 100, 2);
    std::atomic<std::size_t> rows_seen{0};
    run_row_pieces(pieces, [&](const RowPiece& piece) { rows_seen += piece.count; });
    BOOST_TEST(rows_seen.load() == 1000u);
    BOOST_CHECK_THROW(run_row_pieces(pieces,
                                     [](const RowPiece& piece) {
                                         if (piece.begin == 500) throw Error("piece at 500 failed");
                                     }),
                      Error);
}

BOOST_AUTO_TEST_CASE(gradients_in_pieces_match_one_piece_and_repeat_bit_for_bit) {
    nn::Mlp mlp(20, 3, 5);
    const ExplainedModel model = explained_model(mlp);
    const Tensor inputs = testing::normal_inputs({1000, 20}, 9);
    std::vector<int> targets(1000);
    for (std::size_t i = 0; i < targets.size(); ++i) targets[i] = static_cast<int>(i % 3);
    Tensor whole, first, second;
    {
        testing::ScopedThreads one(1);
        whole = target_logit_gradients(model, inputs, targets, "test");
    }
    {
        testing::ScopedThreads two(2);
        first = target_logit_gradients(model, inputs, targets, "test");
        second = target_logit_gradients(model, inputs, targets, "test");
    }
    BOOST_TEST(testing::max_abs_difference(whole, first) < 1e-6);
    BOOST_TEST(std::memcmp(first.data(), second.data(), first.size() * sizeof(float)) == 0);
}

BOOST_AUTO_TEST_CASE(logits_in_pieces_land_in_their_rows) {
    nn::Mlp mlp(20, 3, 5);
    ExplainedModel whole_pass = explained_model(mlp), small_passes = explained_model(mlp);
    small_passes.max_batch_rows = 150;  // 7 pieces for 1000 rows
    const Tensor inputs = testing::normal_inputs({1000, 20}, 6);
    Tensor whole, pieces;
    {
        testing::ScopedThreads one(1);
        whole = predict_logits(whole_pass, inputs);
    }
    {
        testing::ScopedThreads two(2);
        pieces = predict_logits(small_passes, inputs);
    }
    BOOST_TEST(testing::max_abs_difference(whole, pieces) < 1e-6);
}

BOOST_AUTO_TEST_CASE(deepshap_in_pieces_on_two_threads_matches_one_pass_on_one) {
    nn::Mlp mlp(20, 3, 5);
    ExplainedModel whole_pass = explained_model(mlp), small_passes = explained_model(mlp);
    small_passes.max_batch_rows = 2 * 10 * 7;  // 7 samples x 10 background rows, twice: 6 pieces for 40 samples
    const Tensor inputs = testing::normal_inputs({40, 20}, 4);
    DeepShapSettings settings;
    settings.background = testing::normal_inputs({10, 20}, 8);
    std::vector<int> targets(40);
    for (std::size_t i = 0; i < targets.size(); ++i) targets[i] = static_cast<int>(i % 3);
    Tensor one_pass, pieces;
    {
        testing::ScopedThreads one(1);
        one_pass = deepshap(whole_pass, inputs, targets, settings);
    }
    {
        testing::ScopedThreads two(2);
        pieces = deepshap(small_passes, inputs, targets, settings);
    }
    BOOST_TEST(testing::max_abs_difference(one_pass, pieces) < 1e-6);
    const Tensor zeros = xt::zeros<float>({40, 20});
    BOOST_TEST(testing::max_abs_difference(one_pass, zeros) > 1e-3);  // not all zero
}

BOOST_AUTO_TEST_SUITE_END()
