#pragma once
// The `--shard i/n` option shared by `agop explain` (rows in contiguous blocks, cli/explain_shard),
// `agop compare` (rows in runs of explain's blocks, cli/compare_parts) and `agop reproduce`
// (experiment units, longest first, cli/reproduce_parts): 1-based i of n. Their parts are read
// back by one reader, cli/part_folders.

#include <cstddef>
#include <string>

namespace agop::cli {

struct Shard {
    std::size_t index = 1;  // i, 1 <= i <= n
    std::size_t count = 1;  // n, 1 <= n <= max_shards
};

// The most parts a run may be split into (a bound on the text, not on any cluster).
constexpr std::size_t max_shards = 100000;

// "i/n" -> {i, n}: digits only, 1 <= i <= n <= max_shards. Throws agop::Error starting
// "--shard: expected i/n" and quoting the text for anything else ("0/2", "3/2", "1/0", "x/y").
Shard parse_shard(const std::string& text);

// {i, n} -> "i/n", as messages and part.json write it.
std::string shard_text(const Shard& shard);

}  // namespace agop::cli
