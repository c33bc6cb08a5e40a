#pragma once
// The part folders of a sharded run, read back for its merge: the one reader of the parts of
// `agop explain --shard` (joined by `agop merge`), `agop compare --shard` and `agop reproduce
// --shard` (each joined by its `--merge`). Each command partitions its work its own way (explain:
// rows in contiguous blocks; compare: rows in explain's blocks; reproduce: experiment units,
// longest first) and keeps what a part holds to itself; every part.json starts with
//   kind ("explain" | "compare" | "reproduce"), shard_index i, shard_count n (of --shard i/n),
//   threads, openblas_core (the sgemm kernels that ran) and agop_version,
// which, with the fields the command names, must agree across the parts of one run.

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "autodiff/error.hpp"
#include "cli/shard.hpp"
#include "explain/row_blocks.hpp"

namespace agop::cli {

// One part folder and its part.json.
struct PartFolder {
    std::string dir;
    nlohmann::json meta;  // part.json
    Shard shard;          // its shard_index and shard_count
};

// The fields every part.json starts with (above): merged by the command into its own fields.
nlohmann::json part_header(const std::string& kind, const Shard& shard, int threads);

// What one command's parts are.
struct PartFormat {
    std::string kind;                          // part.json's "kind"
    std::vector<std::string> same_run_fields;  // beyond the header's, the fields all parts share
    // What the part `missing` would hold, for the message that it is missing ("rows 150-299"),
    // read from the first part; none when empty.
    std::function<std::string(const PartFolder& first, const Shard& missing)> describe;
};

// Reads part.json in each of `dirs` (any order) and returns the parts in shard order, one per
// index 1..n. Throws Error naming the folder and what differs for: no folders, a folder that is
// not one or lacks part.json, an unreadable part.json, a part of another command (naming the
// command that merges it), a shard_index or shard_count out of range, a header or same-run field
// that differs from the first part's (an object field by its first differing key), a repeated
// part (naming both folders) and a missing one.
std::vector<PartFolder> read_part_folders(const std::vector<std::string>& dirs, const PartFormat& format);

// `object`'s field `name` (part.json or an object inside it) as T; Error naming the part's
// part.json and the field when it is missing or of another type.
template <class T>
T part_field(const PartFolder& part, const nlohmann::json& object, const std::string& name) {
    try {
        return object.at(name).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error(part.dir + "/part.json: field " + name + " is missing or not of the expected type");
    }
}

// The rows (first_row, row_count) of a part of a run split by rows; Error naming the folder
// unless they are `expected`, those of its shard in the run's partition.
RowRange part_rows(const PartFolder& part, const RowRange& expected);

// "a-b", rows a..b inclusive.
std::string row_range_text(const RowRange& rows);

}  // namespace agop::cli
