#pragma once
// `agop explain`: runs any registered attribution method on a checkpoint's model and writes
// the attributions as .npy; `agop explain --list` lists the methods. With `--shard i/n` it
// explains only the i-th of n row ranges and writes a part (cli/explain_parts.hpp), which
// `agop merge` (cli/command_merge.hpp) joins into the files of the unsharded run.

#include <CLI/CLI.hpp>
#include <optional>

#include "autodiff/tensor.hpp"
#include "cli/explain_options.hpp"
#include "cli/explain_parts.hpp"

namespace agop::cli {

void add_explain_command(CLI::App& app);

// Runs `agop explain` with `options`. With `merged`, the parts of a sharded run (agop merge),
// their attributions are read block by block in place of computing them: the same writers,
// the same files.
void run_explain(const ExplainOptions& options, MergedRows* merged = nullptr);

}  // namespace agop::cli
