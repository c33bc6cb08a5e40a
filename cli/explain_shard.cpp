#include "cli/explain_shard.hpp"

#include <algorithm>

#include "autodiff/error.hpp"

namespace agop::cli {

RowRange shard_rows_in_blocks(std::size_t total_rows, std::size_t block, const Shard& shard) {
    const std::size_t blocks = (total_rows + block - 1) / block;
    if (shard.count > blocks)
        throw Error("--shard " + shard_text(shard) + ": " + std::to_string(total_rows) + " rows make " +
                    std::to_string(blocks) + " blocks of " + std::to_string(block) + " rows; use at most " +
                    std::to_string(blocks) + " shards");
    const std::size_t base = blocks / shard.count, extra = blocks % shard.count, i = shard.index - 1;
    const std::size_t first_block = i * base + std::min(i, extra), block_count = base + (i < extra ? 1 : 0);
    const std::size_t first = first_block * block;
    return {first, std::min(total_rows, first + block_count * block) - first};
}

RowRange shard_rows(std::size_t total_rows, const Shard& shard) {
    return shard_rows_in_blocks(total_rows, row_block_size(total_rows), shard);
}

}  // namespace agop::cli
