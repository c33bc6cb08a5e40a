#pragma once
// `agop reproduce [tabular|tabular-roar|images|all]`: every table of both papers from one
// command, written to --out as report.md, CSV, JSON and PNG. With --shard i/n it runs part i
// of the experiment units and writes a part folder; with --merge PART_DIR... it writes the
// report from part folders, byte for byte what the unsharded run writes (reproduce_parts.hpp).
// The report records the canonical command (reproduce_settings.hpp), not the literal one.

#include <CLI/CLI.hpp>

#include <string>

namespace agop::cli {

void add_reproduce_command(CLI::App& app);

}  // namespace agop::cli
