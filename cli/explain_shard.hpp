#pragma once
// The rows of `agop explain --shard i/n`: a contiguous run of whole blocks of the grid that
// explain/row_blocks.hpp lays from row 0. Shards split the blocks as evenly as they can: the
// first (blocks mod n) shards take one block more than the others.

#include <cstddef>

#include "cli/shard.hpp"
#include "explain/row_blocks.hpp"

namespace agop::cli {

// The rows of `shard` among `total_rows` rows. Throws Error naming --shard when there are more
// shards than blocks (a shard would be empty).
RowRange shard_rows(std::size_t total_rows, const Shard& shard);

// The same split over blocks of `block` rows (agop compare's coarser grid).
RowRange shard_rows_in_blocks(std::size_t total_rows, std::size_t block, const Shard& shard);

}  // namespace agop::cli
