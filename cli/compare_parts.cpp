#include "cli/compare_parts.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <variant>

#include "autodiff/error.hpp"
#include "autodiff/openblas_core.hpp"
#include "cli/explain_shard.hpp"
#include "data/atomic_file.hpp"
#include "data/checksum.hpp"
#include "experiments/json_file.hpp"
#include "experiments/result_json.hpp"

namespace agop::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Every option that changes a value, by its flag's name.
json options_json(const CompareOptions& o) {
    json out{{"seed", o.common.seed},
             {"backend", o.common.backend},
             {"methods", o.methods},
             {"metrics", o.metrics},
             {"rows", o.rows},
             {"baseline", o.baseline},
             {"model-output", o.model_output},
             {"unseen-category", o.unseen_category},
             {"patch", o.patch},
             {"steps", o.steps},
             {"stability-rows", o.stability_rows},
             {"stability-perturbations", o.stability_perturbations},
             {"perturbations", o.perturbations},
             {"subsets", o.subsets},
             {"noise", number_to_json(o.noise)},
             {"radius", number_to_json(o.radius)},
             {"no-timings", o.no_timings}};
    ExplainOptions method_options = o.method_options;
    for (const ExplainOption& option : explain_option_table())
        if (is_compare_method_option(option))
            std::visit([&](auto* value) { out[option.flag + 2] = *value; }, option.field(method_options));
    return out;
}

// {option, checksum} of every file the run read; a folder of PNG files by its files in name order.
json input_checksums(const CompareOptions& o) {
    json out = json::object();
    for (const auto& [flag, path] : std::vector<std::pair<std::string, std::string>>{{"--checkpoint", o.checkpoint},
                                                                                     {"--csv", o.csv},
                                                                                     {"--inputs", o.inputs},
                                                                                     {"--background", o.background}}) {
        if (path.empty()) continue;
        if (!fs::is_directory(path)) {
            out[flag] = file_checksum(path);
            continue;
        }
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(path))
            if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        json files = json::object();
        for (const auto& name : names) files[name] = file_checksum((fs::path(path) / name).string());
        out[flag] = std::move(files);
    }
    return out;
}

struct Part {
    std::string dir;
    json meta;
};

template <class T>
T field(const Part& part, const json& j, const std::string& name) {
    try {
        return j.at(name).get<T>();
    } catch (const json::exception&) {
        throw Error(part.dir + "/part.json: field " + name + " is missing or not of the expected type");
    }
}

Part read_part(const std::string& dir) {
    const fs::path path = fs::path(dir) / "part.json";
    if (!fs::is_regular_file(path))
        throw Error(dir + ": no part.json; expected a folder written by `agop compare --shard i/n`");
    Part part{dir, read_json_file(path, "a part.json written by agop compare --shard")};
    const auto kind = field<std::string>(part, part.meta, "kind");
    if (kind != "compare")
        throw Error(path.string() + ": kind is \"" + kind + "\"; expected \"compare\" (for explain parts: agop merge)");
    return part;
}

// Every field that must agree across the parts of one run.
void check_same_run(const Part& first, const Part& part) {
    for (const char* name : {"shard_count", "total_rows", "threads", "openblas_core", "agop_version",
                             "inputs_checksums", "options", "methods", "metrics", "settings"})
        if (part.meta.value(name, json()) != first.meta.value(name, json()))
            throw Error(part.dir + ": " + name + " is " + part.meta.value(name, json()).dump() + ", but " + first.dir +
                        " has " + first.meta.value(name, json()).dump() + "; all parts must come from one run");
}

// The part's per-method values appended to `into` (methods in the run's order).
void append_values(const Part& part, CompareRowScores& into) {
    const json& methods = part.meta.at("scores");
    if (!methods.is_array() || methods.size() != into.methods.size())
        throw Error(part.dir + "/part.json: field scores must hold one entry per method");
    const auto rows = field<std::size_t>(part, part.meta, "row_count");
    for (std::size_t m = 0; m < methods.size(); ++m) {
        MethodRowScores& method = into.methods[m];
        if (field<std::string>(part, methods[m], "method") != method.method)
            throw Error(part.dir + "/part.json: scores[" + std::to_string(m) + "] is not method " + method.method);
        method.seconds += number_from_json(methods[m].at("seconds"), part.dir + "/part.json: seconds");
        for (const auto& [metric, values] : methods[m].at("values").items()) {
            if (!values.is_array() || values.size() > rows)
                throw Error(part.dir + "/part.json: " + method.method + " " + metric + " holds more values than rows");
            for (const json& v : values)
                method.values[metric].push_back(number_from_json(v, part.dir + "/part.json: " + metric));
        }
    }
}

}  // namespace

std::size_t compare_block_size(std::size_t total_rows) {
    const std::size_t grid = row_block_size(total_rows);
    const std::size_t wanted = (total_rows + 63) / 64;  // at most 64 blocks
    return grid * std::max<std::size_t>(4, (wanted + grid - 1) / grid);
}

RowRange compare_shard_rows(std::size_t total_rows, const Shard& shard) {
    return shard_rows_in_blocks(total_rows, compare_block_size(total_rows), shard);
}

fs::path write_compare_part(const fs::path& dir, const CompareOptions& options, const Shard& shard,
                            const CompareRowScores& scores) {
    json methods = json::array(), settings = json::array();
    for (const MethodRowScores& m : scores.methods) {
        json values = json::object();
        for (const auto& [metric, per_row] : m.values) {
            values[metric] = json::array();
            for (double v : per_row) values[metric].push_back(number_to_json(v));
        }
        methods.push_back({{"method", m.method}, {"seconds", number_to_json(m.seconds)}, {"values", values}});
    }
    for (const auto& [key, value] : scores.settings) settings.push_back({key, value});
    json method_names = json::array();
    for (const MethodRowScores& m : scores.methods) method_names.push_back(m.method);
    const json meta{{"kind", "compare"},
                    {"shard_index", shard.index},
                    {"shard_count", shard.count},
                    {"first_row", scores.first_row},
                    {"row_count", scores.row_count},
                    {"total_rows", scores.total_rows},
                    {"threads", options.common.threads},
                    {"openblas_core", openblas_core().running},
                    {"agop_version", AGOP_VERSION},
                    {"inputs_checksums", input_checksums(options)},
                    {"options", options_json(options)},
                    {"methods", method_names},
                    {"metrics", scores.metrics},
                    {"settings", settings},
                    {"scores", methods}};
    const fs::path path = dir / "part.json";
    write_text_file_atomically(path, meta.dump(1) + "\n");
    return path;
}

CompareRowScores merge_compare_parts(const std::vector<std::string>& part_dirs) {
    if (part_dirs.empty()) throw Error("--merge: expected at least one part folder");
    std::vector<Part> parts;
    for (const auto& dir : part_dirs) parts.push_back(read_part(dir));
    for (const Part& part : parts) check_same_run(parts.front(), part);
    const auto by_first_row = [](const Part& a, const Part& b) {
        return a.meta.at("first_row").get<std::size_t>() < b.meta.at("first_row").get<std::size_t>();
    };
    for (const Part& part : parts) field<std::size_t>(part, part.meta, "first_row");
    std::sort(parts.begin(), parts.end(), by_first_row);
    const Part& first = parts.front();
    CompareRowScores out;
    out.total_rows = field<std::size_t>(first, first.meta, "total_rows");
    out.row_count = out.total_rows;
    out.metrics = field<std::vector<std::string>>(first, first.meta, "metrics");
    out.timings = !first.meta.at("options").value("no-timings", false);
    for (const auto& kv : first.meta.at("settings"))
        out.settings.push_back(kv.get<std::pair<std::string, std::string>>());
    for (const auto& name : field<std::vector<std::string>>(first, first.meta, "methods"))
        out.methods.push_back({name, 0.0, {}});
    const auto count = field<std::size_t>(first, first.meta, "shard_count");
    if (parts.size() != count)
        throw Error("--merge: " + std::to_string(parts.size()) + " part folders for a run of " + std::to_string(count) +
                    " parts; expected each part once");
    std::size_t next_row = 0;
    for (const Part& part : parts) {
        const auto row = field<std::size_t>(part, part.meta, "first_row");
        if (row != next_row)
            throw Error(part.dir + ": starts at row " + std::to_string(row) + ", but the parts before end at row " +
                        std::to_string(next_row) + "; a part is missing or given twice");
        next_row += field<std::size_t>(part, part.meta, "row_count");
        append_values(part, out);
    }
    if (next_row != out.total_rows)
        throw Error("--merge: the parts hold rows 0 to " + std::to_string(next_row) + " of " +
                    std::to_string(out.total_rows) + "; a part is missing");
    return out;
}

}  // namespace agop::cli
