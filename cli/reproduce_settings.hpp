#pragma once
// What defines the results of `agop reproduce`, written the same way for an unsharded, a
// sharded and a merged run: the canonical settings (a JSON object that part folders carry
// and the merge compares) and the canonical command (recorded in the report instead of the
// literal command line). Both leave out what does not change the results: --out, --force,
// --quiet, --shard and --merge.
//
// Canonical command: agop reproduce WHICH [--quick] --seeds S --seed B --threads T --backend K
//                    [--no-timings] [--data-dir D] [--agop-estimate E] [--agop-estimate-study]
//                    [--clevr-xai C] [--epochs E] [--ig-rule R] [--model-output O]
//                    [--scored-rows S]
//                    [--xai-tris-double-softmax]
// in that order, with the seed count resolved (5, or 1 with --quick, unless --seeds).

#include <string>

#include <nlohmann/json.hpp>

#include "experiments/experiment_result.hpp"

namespace agop::cli {

nlohmann::json canonical_settings(const std::string& which, const ReproduceOptions& options,
                                  const std::string& backend);

std::string canonical_command(const std::string& which, const ReproduceOptions& options, int threads,
                              const std::string& backend);

}  // namespace agop::cli
