#pragma once
// `agop explain`: runs any registered attribution method on a checkpoint's model and writes
// the attributions as .npy; `agop explain --list` lists the methods.

#include <CLI/CLI.hpp>

namespace agop::cli {

void add_explain_command(CLI::App& app);

}  // namespace agop::cli
