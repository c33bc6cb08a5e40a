#pragma once
// `agop merge PART_DIR... --out DIR`: joins the parts that `agop explain --shard i/n` wrote into
// exactly the files the unsharded `agop explain` writes (bit-identical at the same thread
// count): the attributions come from the parts, everything else is written again by the
// explain writers from the run's inputs, which the parts name and checksum.

#include <CLI/CLI.hpp>

namespace agop::cli {

void add_merge_command(CLI::App& app);

}  // namespace agop::cli
