#include "cli/part_folders.hpp"

#include <filesystem>
#include <map>

#include "autodiff/openblas_core.hpp"
#include "experiments/json_file.hpp"

namespace agop::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The command that joins the parts of each kind, for a part given to another command's merge.
const std::map<std::string, std::string>& merge_commands() {
    static const std::map<std::string, std::string> commands{
        {"explain", "agop merge"}, {"compare", "agop compare --merge"}, {"reproduce", "agop reproduce --merge"}};
    return commands;
}

PartFolder read_part_folder(const std::string& dir, const std::string& kind) {
    const std::string written_by = "a folder written by `agop " + kind + " --shard i/n`";
    if (!fs::is_directory(dir)) throw Error(dir + ": not a folder; expected " + written_by);
    const fs::path path = fs::path(dir) / "part.json";
    if (!fs::exists(path)) throw Error(dir + ": no part.json; expected " + written_by);
    PartFolder part{dir, read_json_file(path, "a part.json written by agop " + kind + " --shard"), {}};
    const auto found = part_field<std::string>(part, part.meta, "kind");
    const auto other = merge_commands().find(found);
    if (found != kind && other != merge_commands().end())
        throw Error(dir + " is a part of `agop " + found + "` (kind \"" + found + "\"); for those, use `" +
                    other->second + "`");
    if (found != kind) throw Error(path.string() + ": kind is \"" + found + "\"; expected \"" + kind + "\"");
    part.shard = {part_field<std::size_t>(part, part.meta, "shard_index"),
                  part_field<std::size_t>(part, part.meta, "shard_count")};
    if (part.shard.count == 0 || part.shard.count > max_shards)
        throw Error(dir + ": shard_count " + std::to_string(part.shard.count) + " is not in 1.." +
                    std::to_string(max_shards));
    return part;
}

// Error unless `part`'s field `name` is the first part's; an object field is named by its first
// differing key ("options.ig_steps").
void check_same_field(const PartFolder& first, const PartFolder& part, const std::string& name) {
    const json mine = part.meta.value(name, json()), theirs = first.meta.value(name, json());
    if (mine == theirs) return;
    std::string what = name;
    json a = mine, b = theirs;
    if (mine.is_object() && theirs.is_object()) {
        json keys = mine;
        keys.update(theirs);
        for (const auto& [key, unused] : keys.items())
            if (mine.value(key, json()) != theirs.value(key, json())) {
                what = name + "." + key;
                a = mine.value(key, json());
                b = theirs.value(key, json());
                break;
            }
    }
    throw Error(part.dir + ": " + what + " is " + a.dump() + ", but " + first.dir + " has " + b.dump() +
                "; all parts must come from one run");
}

}  // namespace

json part_header(const std::string& kind, const Shard& shard, int threads) {
    return {{"kind", kind},
            {"shard_index", shard.index},
            {"shard_count", shard.count},
            {"threads", threads},
            {"openblas_core", openblas_core().running},
            {"agop_version", AGOP_VERSION}};
}

std::vector<PartFolder> read_part_folders(const std::vector<std::string>& dirs, const PartFormat& format) {
    if (dirs.empty()) throw Error("--merge: expected at least one part folder");
    std::vector<PartFolder> given;
    for (const std::string& dir : dirs) given.push_back(read_part_folder(dir, format.kind));
    const PartFolder& first = given.front();
    for (const PartFolder& part : given) {
        for (const char* name : {"shard_count", "threads", "openblas_core", "agop_version"})
            check_same_field(first, part, name);
        for (const std::string& name : format.same_run_fields) check_same_field(first, part, name);
    }
    const std::size_t n = first.shard.count;
    std::map<std::size_t, const PartFolder*> by_index;
    for (const PartFolder& part : given) {
        if (part.shard.index == 0 || part.shard.index > n)
            throw Error(part.dir + ": shard_index " + std::to_string(part.shard.index) + " is not in 1.." +
                        std::to_string(n));
        const auto [at, added] = by_index.emplace(part.shard.index, &part);
        if (!added)
            throw Error(part.dir + ": duplicate of part " + shard_text(part.shard) + ", which " + at->second->dir +
                        " holds");
    }
    std::vector<PartFolder> parts;
    for (std::size_t i = 1; i <= n; ++i) {
        const auto found = by_index.find(i);
        if (found == by_index.end()) {
            const std::string what = format.describe ? " (" + format.describe(first, {i, n}) + ")" : "";
            throw Error("part " + shard_text({i, n}) + what + " is missing: none of the " +
                        std::to_string(dirs.size()) + " folders given holds it");
        }
        parts.push_back(*found->second);
    }
    return parts;
}

std::string row_range_text(const RowRange& rows) {
    if (rows.count == 0) return "none";
    return std::to_string(rows.first) + "-" + std::to_string(rows.first + rows.count - 1);
}

RowRange part_rows(const PartFolder& part, const RowRange& expected) {
    const RowRange rows{part_field<std::size_t>(part, part.meta, "first_row"),
                        part_field<std::size_t>(part, part.meta, "row_count")};
    if (rows.first != expected.first || rows.count != expected.count)
        throw Error(part.dir + ": rows " + row_range_text(rows) + " are not those of part " + shard_text(part.shard) +
                    " (" + row_range_text(expected) + ")");
    return rows;
}

}  // namespace agop::cli
