#pragma once
// The part folders of `agop reproduce --shard i/n` and their merge (`--merge PART_DIR...`).
//
// Partition: longest first (LPT). The units of WHICH (tabular, then tabular-roar, then
// images; within each, its experiment's unit_ids) are taken in order of their estimated cost
// (experiments/experiment_unit_costs.hpp; ties in canonical order), each given to the part
// with the least estimated seconds so far (ties: the lower part). LPT's longest part is at most
// 4/3 of the best split's; the estimate depends only on the options, so every part computes the
// same split.
//
// A part folder holds part.json and one file per unit, "<unit id with '/' as '.'>.json"
// holding {"unit": id, "result": UnitResult}. part.json: the header of every part
// (cli/part_folders.hpp: kind "reproduce", shard_index, shard_count, threads, openblas_core,
// agop_version), and
//   {"units": [ids], "settings": {...canonical settings...}, "command": canonical command,
//    "seconds": wall time of the part, "cpu_seconds": its CPU time (user + system),
//    "estimated_seconds": the cost model's sum for its units,
//    "unit_seconds": {id: {"wall": s, "cpu": s, "estimated": s}}}

#include <cstddef>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/part_folders.hpp"
#include "cli/shard.hpp"
#include "experiments/experiment_units.hpp"

namespace agop::cli {

// The ids of part `shard` of `all` (longest first by `estimated_seconds`, one per unit of
// `all`; see above), in their canonical order.
std::vector<std::string> shard_unit_ids(const std::vector<std::string>& all,
                                        const std::vector<double>& estimated_seconds, Shard shard);

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

// What a part's run took, for part.json: the part's wall and CPU seconds, each unit's.
struct PartTimes {
    double seconds = 0.0, cpu_seconds = 0.0;
    std::map<std::string, UnitTime> units;
    std::map<std::string, double> estimated_seconds;  // the cost model's, by unit id
};

// Writes part.json and one file per unit of `results` into `dir` (each file whole or not at all).
void write_part(const std::filesystem::path& dir, Shard shard, const std::vector<std::string>& unit_ids,
                const std::map<std::string, UnitResult>& results, const PartIdentity& identity, const PartTimes& times);

// The part folders of one run, in shard order (cli/part_folders.hpp): every part once, with the
// same header, settings and command. Throws agop::Error naming the folder and what differs.
std::vector<PartFolder> read_reproduce_parts(const std::vector<std::string>& part_dirs);

// The settings a merge takes from its parts: part.json's "settings" object (WHICH and every option
// that changes the results) and "threads", from the first part. Throws agop::Error naming the
// file and field when they are missing or of the wrong type.
struct PartSettings {
    std::string which;
    ReproduceOptions options;  // quick, seeds, seed, data_dir, agop_estimate(_study), clevr_xai_dir, timings
    std::string backend;
    int threads = 1;
};
PartSettings read_part_settings(const PartFolder& first);

// Everything the merge read from the parts.
struct MergedParts {
    std::map<std::string, UnitResult> units;  // every expected unit
    double seconds = 0.0;                     // the parts' wall times added up
};

// Reads the units of `parts` (read_reproduce_parts) and checks that they are parts of this run
// (settings, thread count, agop version the same as `identity`) and that together they hold every
// unit of `expected_ids` exactly once and no other. Throws agop::Error naming the folder and the
// field or unit at the first refusal.
MergedParts read_parts(const std::vector<PartFolder>& parts, const std::vector<std::string>& expected_ids,
                       const PartIdentity& identity);

}  // namespace agop::cli
