#pragma once
// The part folders of `agop reproduce --shard i/n` and their merge (`--merge PART_DIR...`).
//
// Partition: the units of WHICH are listed in canonical order (tabular, then tabular-roar,
// then images; within each, its experiment's unit_ids) and unit k (0-based) goes to part
// (k mod n) + 1: round-robin, so that neighbouring units, which cost alike (the heavy image
// units sit together at the end), spread over all parts.
//
// A part folder holds part.json and one file per unit, "<unit id with '/' as '.'>.json"
// holding {"unit": id, "result": UnitResult}. part.json:
//   {"kind": "reproduce", "part": i, "parts": n, "units": [ids], "settings": {...canonical
//    settings...}, "command": canonical command, "threads": T, "agop_version": "...",
//    "seconds": wall time of the part}

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/experiment_units.hpp"

namespace agop::cli {

struct ShardSpec {
    std::size_t index = 1;  // 1-based
    std::size_t count = 1;
};

// "i/n" with 1 <= i <= n <= 100000, digits only. Throws agop::Error naming --shard otherwise.
ShardSpec parse_shard(const std::string& text);

// The ids of part `shard` of `all` (round-robin, see above), in their canonical order.
std::vector<std::string> shard_unit_ids(const std::vector<std::string>& all, ShardSpec shard);

// The file a unit's result is stored in, inside a part folder.
std::string unit_file_name(const std::string& unit_id);

// What identifies the runs whose parts may be merged: the canonical settings, the thread count
// and the agop version.
struct PartIdentity {
    nlohmann::json settings;
    std::string command;
    int threads = 1;
    std::string agop_version;
};

// Writes part.json and one file per unit of `results` into `dir` (each file whole or not at all).
void write_part(const std::filesystem::path& dir, ShardSpec shard, const std::vector<std::string>& unit_ids,
                const std::map<std::string, UnitResult>& results, const PartIdentity& identity, double seconds);

// Everything the merge read from the parts.
struct MergedParts {
    std::map<std::string, UnitResult> units;  // every expected unit
    double seconds = 0.0;                     // the parts' wall times added up
};

// Reads the part folders and checks that they are parts of this run (kind, settings, thread
// count, agop version the same as `identity`) and that together they hold every unit of
// `expected_ids` exactly once and no other. Throws agop::Error naming the folder and the field
// or unit at the first refusal.
MergedParts read_parts(const std::vector<std::string>& part_dirs, const std::vector<std::string>& expected_ids,
                       const PartIdentity& identity);

}  // namespace agop::cli
