#include "cli/reproduce_parts.hpp"

#include <algorithm>

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"
#include "experiments/json_file.hpp"

namespace agop::cli {

namespace {

using nlohmann::json;

// part.json's field `key`, or an Error naming the file and the field.
const json& part_field(const json& part, const std::string& key, const std::filesystem::path& file) {
    if (!part.is_object() || !part.contains(key))
        throw Error(file.string() + ": no field \"" + key + "\" (expected a part written by agop reproduce --shard)");
    return part[key];
}

// Refuses a part whose field differs from this merge's, naming both values.
void require_same(const json& found, const json& wanted, const std::string& field, const std::filesystem::path& file) {
    if (found != wanted)
        throw Error(file.string() + ": " + field + " is " + found.dump() + " but this merge has " + wanted.dump() +
                    " (every part must come from the same settings)");
}

}  // namespace

std::vector<std::string> shard_unit_ids(const std::vector<std::string>& all, Shard shard) {
    std::vector<std::string> ids;
    for (std::size_t k = shard.index - 1; k < all.size(); k += shard.count) ids.push_back(all[k]);
    return ids;
}

std::string unit_file_name(const std::string& unit_id) {
    std::string name = unit_id;
    std::replace(name.begin(), name.end(), '/', '.');
    return name + ".json";
}

void write_part(const std::filesystem::path& dir, Shard shard, const std::vector<std::string>& unit_ids,
                const std::map<std::string, UnitResult>& results, const PartIdentity& identity, double seconds) {
    for (const std::string& id : unit_ids)
        write_text_file_atomically(dir / unit_file_name(id),
                                   json{{"unit", id}, {"result", results.at(id)}}.dump() + "\n");
    const json part{{"kind", "reproduce"},
                    {"part", shard.index},
                    {"parts", shard.count},
                    {"units", unit_ids},
                    {"settings", identity.settings},
                    {"command", identity.command},
                    {"threads", identity.threads},
                    {"agop_version", identity.agop_version},
                    {"seconds", seconds}};
    write_text_file_atomically(dir / "part.json", part.dump(2) + "\n");
}

MergedParts read_parts(const std::vector<std::string>& part_dirs, const std::vector<std::string>& expected_ids,
                       const PartIdentity& identity) {
    MergedParts merged;
    std::map<std::string, std::string> source;  // unit id -> the folder it came from
    for (const std::string& dir : part_dirs) {
        const std::filesystem::path file = std::filesystem::path(dir) / "part.json";
        if (!std::filesystem::is_directory(dir))
            throw Error("--merge " + dir + ": not a folder (expected a part folder written by agop reproduce --shard)");
        const json part = read_json_file(file, "part.json of agop reproduce --shard");
        require_same(part_field(part, "kind", file), "reproduce", "kind", file);
        require_same(part_field(part, "settings", file), identity.settings, "settings", file);
        require_same(part_field(part, "threads", file), identity.threads, "threads (--threads)", file);
        require_same(part_field(part, "agop_version", file), identity.agop_version, "agop_version", file);
        const json& seconds = part_field(part, "seconds", file);
        if (!seconds.is_number()) throw Error(file.string() + ": field \"seconds\" is not a number");
        merged.seconds += seconds.get<double>();
        const json& units = part_field(part, "units", file);
        if (!units.is_array()) throw Error(file.string() + ": field \"units\" is not an array of unit ids");
        for (const json& unit : units) {
            if (!unit.is_string())
                throw Error(file.string() + ": field \"units\" holds " + unit.dump() + ", not a unit id");
            const std::string id = unit.get<std::string>();
            if (std::find(expected_ids.begin(), expected_ids.end(), id) == expected_ids.end())
                throw Error(file.string() + ": unit " + id + " is not a unit of this run");
            if (source.count(id))
                throw Error("--merge: unit " + id + " is in two parts, " + source[id] + " and " + dir);
            source[id] = dir;
            const std::filesystem::path unit_file = std::filesystem::path(dir) / unit_file_name(id);
            const json stored = read_json_file(unit_file, "the result of unit " + id);
            if (!stored.is_object() || stored.value("unit", json()) != id || !stored.contains("result"))
                throw Error(unit_file.string() + ": expected {\"unit\": \"" + id + "\", \"result\": ...}");
            merged.units[id] = stored["result"];
        }
    }
    for (const std::string& id : expected_ids)
        if (!source.count(id))
            throw Error("--merge: unit " + id + " is in none of the " + std::to_string(part_dirs.size()) +
                        " part folders (a part is missing or failed)");
    return merged;
}

}  // namespace agop::cli
