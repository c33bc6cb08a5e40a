#pragma once
// `agop reproduce [tabular|tabular-roar|images|all]`: every table of both papers from one
// command, written to --out as report.md, CSV, JSON and PNG.

#include <CLI/CLI.hpp>

#include <string>

namespace agop::cli {

// `command_line` is recorded in the report, so a reader can rerun exactly this.
void add_reproduce_command(CLI::App& app, const std::string& command_line);

}  // namespace agop::cli
