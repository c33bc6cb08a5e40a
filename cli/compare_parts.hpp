#pragma once
// `agop compare --shard i/n` and `agop compare --merge PART...`: the rows of a comparison split
// into parts that run anywhere, and joined into the leaderboard an unsharded run writes, byte for
// byte (with --no-timings; else only the seconds per row differ).
//
// Every run, sharded or not, explains and scores its rows in blocks of compare_block_size(N)
// rows laid from row 0: a row's bits depend on the rows beside it in a call, and the metrics draw
// block b's randomness from Rng::stream(seed, b), so a block gives the same values in any part.
// A part folder holds one file, part.json: kind "compare", shard_index, shard_count, first_row,
// row_count, total_rows, threads, openblas_core, agop_version, inputs_checksums, options (every
// compare option that changes the values), methods, metrics, settings (the leaderboard's header)
// and, per method, its explaining seconds and every metric's per-row values (exact doubles).

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cli/command_compare_setup.hpp"
#include "cli/shard.hpp"
#include "explain/row_blocks.hpp"

namespace agop::cli {

// Rows per block: a multiple of explain's row_block_size(N) (so each block is whole explain
// blocks), at least 4 of them and at most 64 blocks in all.
std::size_t compare_block_size(std::size_t total_rows);

// The rows of `shard`: whole blocks, the first (blocks mod n) shards one block more. Throws
// Error naming --shard when there are more shards than blocks.
RowRange compare_shard_rows(std::size_t total_rows, const Shard& shard);

// One method's per-row scores over a run of rows.
struct MethodRowScores {
    std::string method;
    double seconds = 0.0;                               // explaining its rows
    std::map<std::string, std::vector<double>> values;  // metric (and "<metric>-random") -> per row
};

// What a part holds and a leaderboard is built from: the rows first_row.. of total_rows.
struct CompareRowScores {
    std::size_t first_row = 0, row_count = 0, total_rows = 0;
    std::vector<MethodRowScores> methods;  // in the run's method order
    std::vector<std::string> metrics;
    std::vector<std::pair<std::string, std::string>> settings;
    bool timings = true;  // false: seconds per row written as "nan" (--no-timings)
};

// Writes part.json of `shard` into `dir`; returns its path.
std::filesystem::path write_compare_part(const std::filesystem::path& dir, const CompareOptions& options,
                                         const Shard& shard, const CompareRowScores& scores);

// Reads the part folders (any order; cli/part_folders.hpp) and joins their rows. Throws Error
// naming the folder and field for: no or an unreadable part.json, a part of another command,
// parts of different runs (n, rows, inputs, options, threads, OpenBLAS core, version, methods,
// metrics), a duplicate or missing part, rows other than its shard's, and values whose count does
// not fit the part's rows.
CompareRowScores merge_compare_parts(const std::vector<std::string>& part_dirs);

}  // namespace agop::cli
