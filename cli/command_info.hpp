#pragma once
// `agop info CHECKPOINT`: a checkpoint's architecture, metadata and tensors.

#include <CLI/CLI.hpp>

namespace agop::cli {

void add_info_command(CLI::App& app);

}  // namespace agop::cli
