#pragma once
// The predictions of a streamed explanation with the bits of one pass over all N rows at once:
// that pass runs the rows in the pieces of row_pieces(N, max_batch_rows, threads)
// (attribution/row_pieces.hpp), each piece one forward pass (on one thread with one-thread BLAS
// when several pieces share the threads), and a row's logits depend on the piece it ran in
// (sgemm's blocking). So the blocks wait here until the piece holding their last row is
// complete; a piece has at most max_batch_rows rows, which bounds what waits.

#include <cstddef>
#include <deque>
#include <functional>
#include <vector>

#include "attribution/row_pieces.hpp"
#include "explain/explanation_pipeline.hpp"

namespace agop {

struct StreamedBlock;

class PredictionPieces {
  public:
    // For `total_rows` rows (all of them, from row 0) and the model's logits.
    PredictionPieces(const ExplainedModel& logits, bool regression, std::size_t total_rows);
    // Takes the next block (in row order); hands every block whose rows are all predicted, in
    // order, to `ready` with results.predictions set.
    void add(StreamedBlock block, const std::function<void(StreamedBlock&)>& ready);
    // Whether every block added has been handed on.
    bool empty() const { return waiting_.empty(); }

  private:
    Predictions predict_piece(const Tensor& inputs) const;

    const ExplainedModel& logits_;
    bool regression_;
    int threads_;
    std::vector<RowPiece> pieces_;
    std::size_t next_piece_ = 0;
    std::deque<StreamedBlock> waiting_;
    Predictions predicted_;              // rows [predicted_first_, ...) not yet handed on
    std::size_t predicted_first_ = 0;
};

}  // namespace agop
