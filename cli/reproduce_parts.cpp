#include "cli/reproduce_parts.hpp"

#include <algorithm>
#include <cstdint>

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

std::vector<std::string> shard_unit_ids(const std::vector<std::string>& all,
                                        const std::vector<double>& estimated_seconds, Shard shard) {
    if (estimated_seconds.size() != all.size())
        throw Error("--shard: " + std::to_string(estimated_seconds.size()) + " unit costs for " +
                    std::to_string(all.size()) + " units");
    std::vector<std::size_t> order(all.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return estimated_seconds[a] > estimated_seconds[b]; });
    std::vector<double> load(shard.count, 0.0);
    std::vector<bool> mine(all.size(), false);
    for (const std::size_t k : order) {
        const auto part = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        load[part] += estimated_seconds[k];
        mine[k] = part + 1 == shard.index;
    }
    std::vector<std::string> ids;
    for (std::size_t k = 0; k < all.size(); ++k)
        if (mine[k]) ids.push_back(all[k]);
    return ids;
}

std::string unit_file_name(const std::string& unit_id) {
    std::string name = unit_id;
    std::replace(name.begin(), name.end(), '/', '.');
    return name + ".json";
}

void write_part(const std::filesystem::path& dir, Shard shard, const std::vector<std::string>& unit_ids,
                const std::map<std::string, UnitResult>& results, const PartIdentity& identity,
                const PartTimes& times) {
    json unit_seconds = json::object();
    double estimated = 0.0;
    for (const std::string& id : unit_ids) {
        write_text_file_atomically(dir / unit_file_name(id),
                                   json{{"unit", id}, {"result", results.at(id)}}.dump() + "\n");
        const UnitTime time = times.units.count(id) ? times.units.at(id) : UnitTime{};
        const double estimate = times.estimated_seconds.count(id) ? times.estimated_seconds.at(id) : 0.0;
        unit_seconds[id] = {{"wall", time.wall_seconds}, {"cpu", time.cpu_seconds}, {"estimated", estimate}};
        estimated += estimate;
    }
    json part = part_header("reproduce", shard, identity.threads);
    part.update({{"units", unit_ids},
                 {"settings", identity.settings},
                 {"command", identity.command},
                 {"seconds", times.seconds},
                 {"cpu_seconds", times.cpu_seconds},
                 {"estimated_seconds", estimated},
                 {"unit_seconds", unit_seconds}});
    write_text_file_atomically(dir / "part.json", part.dump(2) + "\n");
}

std::vector<PartFolder> read_reproduce_parts(const std::vector<std::string>& part_dirs) {
    return read_part_folders(part_dirs, PartFormat{"reproduce", {"settings", "command"}, {}});
}

PartSettings read_part_settings(const PartFolder& first) {
    const std::filesystem::path file = std::filesystem::path(first.dir) / "part.json";
    const json& part = first.meta;
    const json& settings = part_field(part, "settings", file);
    const auto field = [&](const std::string& key, json::value_t type) -> const json& {
        const json& value = part_field(settings, key, file);
        const bool number = type == json::value_t::number_unsigned;
        if (number ? !value.is_number_unsigned() : value.type() != type)
            throw Error(file.string() + ": settings." + key + " is " + value.dump() + ", expected " +
                        (number                           ? "a whole number"
                         : type == json::value_t::boolean ? "true or false"
                                                          : "text"));
        return value;
    };
    PartSettings read;
    read.which = field("which", json::value_t::string).get<std::string>();
    read.options.quick = field("quick", json::value_t::boolean).get<bool>();
    read.options.seeds = field("seeds", json::value_t::number_unsigned).get<std::size_t>();
    read.options.seed = field("seed", json::value_t::number_unsigned).get<std::uint64_t>();
    read.backend = field("backend", json::value_t::string).get<std::string>();
    read.options.timings = field("timings", json::value_t::boolean).get<bool>();
    read.options.data_dir = field("data_dir", json::value_t::string).get<std::string>();
    read.options.agop_estimate = field("agop_estimate", json::value_t::string).get<std::string>();
    read.options.agop_estimate_study = field("agop_estimate_study", json::value_t::boolean).get<bool>();
    read.options.clevr_xai_dir = field("clevr_xai", json::value_t::string).get<std::string>();
    read.options.epochs = field("epochs", json::value_t::number_unsigned).get<std::size_t>();
    read.options.ig_rule = field("ig_rule", json::value_t::string).get<std::string>();
    read.options.model_output = field("model_output", json::value_t::string).get<std::string>();
    read.options.scored_rows = field("scored_rows", json::value_t::string).get<std::string>();
    read.options.xai_tris_double_softmax = field("xai_tris_double_softmax", json::value_t::boolean).get<bool>();
    const json& threads = part_field(part, "threads", file);
    if (!threads.is_number_unsigned() || threads.get<std::uint64_t>() < 1 || threads.get<std::uint64_t>() > 1024)
        throw Error(file.string() + ": threads is " + threads.dump() + ", expected a whole number from 1 to 1024");
    read.threads = threads.get<int>();
    return read;
}

MergedParts read_parts(const std::vector<PartFolder>& parts, const std::vector<std::string>& expected_ids,
                       const PartIdentity& identity) {
    // The parts agree with each other (read_reproduce_parts); the first must be this run.
    const std::filesystem::path first = std::filesystem::path(parts.front().dir) / "part.json";
    require_same(part_field(parts.front().meta, "settings", first), identity.settings, "settings", first);
    require_same(part_field(parts.front().meta, "threads", first), identity.threads, "threads (--threads)", first);
    require_same(part_field(parts.front().meta, "agop_version", first), identity.agop_version, "agop_version", first);
    MergedParts merged;
    std::map<std::string, std::string> source;  // unit id -> the folder it came from
    for (const PartFolder& folder : parts) {
        const std::string& dir = folder.dir;
        const std::filesystem::path file = std::filesystem::path(dir) / "part.json";
        const json& seconds = part_field(folder.meta, "seconds", file);
        if (!seconds.is_number()) throw Error(file.string() + ": field \"seconds\" is not a number");
        merged.seconds += seconds.get<double>();
        const json& units = part_field(folder.meta, "units", file);
        if (!units.is_array()) throw Error(file.string() + ": field \"units\" is not an array of unit ids");
        for (const json& unit : units) {
            if (!unit.is_string())
                throw Error(file.string() + ": field \"units\" holds " + unit.dump() + ", not a unit id");
            const std::string id = unit.get<std::string>();
            if (std::find(expected_ids.begin(), expected_ids.end(), id) == expected_ids.end()) {
                // The ROAR units exist only where the data files are found, so a merge without
                // the parts' data folder lists none.
                const bool roar = id.rfind("tabular-roar/", 0) == 0;
                throw Error(file.string() + ": unit " + id + " is not a unit of this run" +
                            (roar ? " (the ROAR units need the data folder the parts saw: give the merge "
                                    "--data-dir or AGOP_DATA_DIR)"
                                  : ""));
            }
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
            throw Error("--merge: unit " + id + " is in none of the " + std::to_string(parts.size()) +
                        " part folders (a part holds other units than agop reproduce --shard gave it)");
    return merged;
}

}  // namespace agop::cli
