#pragma once
// An explanation run over its rows a step at a time, so that its memory does not grow with
// the number of rows:
//
//   RowSource (explain/row_source.hpp) --step of whole grid blocks--> for each block of the
//   grid (explain/row_blocks.hpp): attributions (the method, or the parts of a merge),
//   predictions and base values  -->  the caller's sink (explain/streamed_outputs.hpp writes
//   the files; a shard writes its part).
//
// The method runs per block of the grid, which depends only on the number of rows, and the
// predictions in the pieces of one pass over all rows (explain/prediction_pieces.hpp): the step
// (how many rows are read, encoded and written at once) changes no bit of any result, and the
// files are those of the whole file explained in memory.

#include <cstddef>
#include <functional>

#include "explain/explanation_pipeline.hpp"
#include "explain/row_blocks.hpp"
#include "explain/row_source.hpp"

namespace agop {

// Rows read per step: `requested` (0: about 8192) rounded up to whole blocks of `grid_block` rows.
std::size_t stream_step_rows(std::size_t grid_block, std::size_t requested);

// One block of the grid, explained.
struct StreamedBlock {
    std::size_t first_row = 0;   // in the whole set
    RowBlock rows;               // its inputs (n, ...) and raw rows
    Tensor attributions;         // (n, ...)
    ExplanationResults results;  // predictions, explained outputs, base values (when asked for)
};

struct StreamPlan {
    const PreparedMethod* prepared = nullptr;
    const ExplainedModels* models = nullptr;
    const Targets* targets = nullptr;  // predicted, or one class per row of the whole set
    bool regression = false;
    RowRange rows;              // the rows explained (all, or a shard's whole blocks)
    std::size_t step_rows = 0;  // see stream_step_rows
    bool results = true;        // compute predictions and base values (a shard's part needs none)
    // The attributions of a block (first row, inputs); empty: the method explains it.
    std::function<Tensor(std::size_t first_row, const Tensor& inputs)> attributions;
};

// Runs `plan` over `source` (whose shape gives N), handing each block to `sink` in row order.
// The source's rows before plan.rows are passed over. Throws Error for --targets of another
// length than N and the errors of the source, the method and the sink.
void stream_explanation(RowSource& source, const StreamPlan& plan, const std::function<void(StreamedBlock&)>& sink);

}  // namespace agop
