#pragma once
// `agop train`: trains a model on a data set and writes its checkpoint (with the AGOP),
// the test split and a background sample as .npy for `agop explain`.

#include <CLI/CLI.hpp>

namespace agop::cli {

void add_train_command(CLI::App& app);

}  // namespace agop::cli
