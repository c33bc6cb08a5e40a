#pragma once
// How an explanation splits its rows into method calls.
//
// The rows are explained in blocks of row_block_size(N) rows, one method call per block, the
// blocks laid on one grid from row 0. A shard of `agop explain --shard i/n` is a contiguous run
// of whole blocks (cli/explain_shard.hpp), and every block is the same call (same rows, same
// first_row) whether the run is sharded or not, so a row's attribution has the same bits in
// both. This is needed: a row's bits do depend on its neighbours in a call (measured:
// Integrated Gradients rows moved by 1 ulp when explained in another batch, as sgemm's row
// blocking changed), and seeded methods draw row r's randomness from Rng::stream(seed, r)
// through their settings' first_row.

#include <cstddef>
#include <functional>
#include <string>

#include "attribution/method_registry.hpp"

namespace agop {

struct RowRange {
    std::size_t first = 0;  // 0-based
    std::size_t count = 0;
};

// Rows per block for N rows: ceil(N / 256), at most 1024, so that any N allows
// min(N, 256) shards and large runs keep calls big enough to use the cores.
std::size_t row_block_size(std::size_t total_rows);

// Attributions of one block of the grid: inputs (n, ...) and their targets, the block's first
// row `first_row` of the whole set (seeded methods draw row r's randomness from it).
Tensor explain_block(const std::string& name, const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                     MethodSettings settings, std::size_t first_row);

// The targets of rows [first, first + count) of `targets` (predicted, or one class per row).
Targets block_targets(const Targets& targets, std::size_t first, std::size_t count);

// Attributions (rows.count, ...) of rows [rows.first, rows.first + rows.count) of inputs
// (N, ...), one call of method `name` per block of the grid above. `targets`: the predicted
// classes, or one class per row of the whole set (N). rows.first must be on the grid.
// `after_block`, when set, is called with the rows done so far after each block (progress).
Tensor explain_rows_in_blocks(const std::string& name, const ExplainedModel& model, const Tensor& inputs,
                              const Targets& targets, const MethodSettings& settings, const RowRange& rows,
                              const std::function<void(std::size_t rows_done)>& after_block = {});

}  // namespace agop
