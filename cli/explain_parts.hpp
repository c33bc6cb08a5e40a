#pragma once
// The part one `agop explain --shard i/n` writes, and reading a set of them back for
// `agop merge`. A part folder holds
//   part.json                                  what the merge checks (below)
//   attributions_<method>.rows-<a>-<b>.npy     rows a..b (0-based, inclusive), float32 .npy
// part.json: kind "explain", shard_index, shard_count, first_row, row_count, total_rows,
// checkpoint_checksum, inputs_checksums (every file the run read, by option), method,
// threads, openblas_core (the sgemm kernels that ran), agop_version, attributions_file and
// options: every explain option that changes what is written, from which the merge rebuilds
// the run (cli/explain_options.hpp).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "cli/explain_options.hpp"
#include "cli/explain_shard.hpp"
#include "data/npy_blocks.hpp"

namespace agop::cli {

// {option, checksum} of every input file of the run ("--checkpoint", "--csv", ...): the file's
// fnv1a64, or for a folder of PNG files that of its file names and checksums in name order.
std::vector<std::pair<std::string, std::string>> input_checksums(const ExplainOptions& options);

// Where the part of `rows` keeps its attributions (rows.count, ...) in `dir`, written block by
// block (data/npy_blocks.hpp) before write_explain_part.
std::filesystem::path explain_part_attributions(const std::filesystem::path& dir, const ExplainOptions& options,
                                                const RowRange& rows);

// Writes part.json of `shard` into `dir`; returns the paths of the part (part.json, attributions).
std::vector<std::filesystem::path> write_explain_part(const std::filesystem::path& dir, const ExplainOptions& options,
                                                      const Shard& shard, const RowRange& rows, std::size_t total_rows);

// The parts of one sharded run, joined: the attributions of any block of rows, read from the
// part that holds it (never all rows at once).
class MergedRows {
  public:
    // Reads the part folders (in any order; cli/part_folders.hpp) and checks that they join.
    // Throws Error naming the folder and field for: a folder without part.json or with an
    // unreadable one, a part of another command, parts that differ in n, total rows, checkpoint,
    // inputs, method, threads, OpenBLAS core, version or any option, a duplicate or missing part,
    // rows other than those of the part's shard, and attributions whose header does not fit them.
    // Also checks what the merge reads again or computes again: that the input files still
    // have the checksums the parts recorded, and that this process runs the parts' OpenBLAS core.
    explicit MergedRows(const std::vector<std::string>& part_dirs);

    // Those of the parts' run (seed, threads, ... ; --out etc. unset).
    const ExplainOptions& options() const { return options_; }
    // Error unless the parts' attributions have the shape (N, ...) of the inputs read again.
    void check_shape(const Shape& inputs) const;
    // Attributions of rows [first, first + shape[0]), all in one part (blocks never straddle parts).
    Tensor read(std::size_t first, const Shape& shape);

  private:
    struct File {
        std::string dir, path;
        RowRange rows;
        std::unique_ptr<NpyBlockReader> reader;
    };
    ExplainOptions options_;
    std::vector<File> files_;  // in row order
};

}  // namespace agop::cli
