#include "cli/compare_parts.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <variant>

#include "autodiff/error.hpp"
#include "cli/explain_shard.hpp"
#include "cli/part_folders.hpp"
#include "data/atomic_file.hpp"
#include "data/checksum.hpp"
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
    ExplainOptions method_options = o.explain;
    for (const ExplainOption& option : explain_option_table())
        if (is_compare_method_option(option))
            std::visit([&](auto* value) { out[option.flag + 2] = *value; }, option.field(method_options));
    return out;
}

// {option, checksum} of every file the run read; a folder of PNG files by its files in name order.
json input_checksums(const CompareOptions& o) {
    json out = json::object();
    for (const auto& [flag, path] :
         std::vector<std::pair<std::string, std::string>>{{"--checkpoint", o.explain.checkpoint},
                                                          {"--csv", o.explain.csv},
                                                          {"--inputs", o.explain.inputs},
                                                          {"--background", o.explain.background}}) {
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

// The part's per-method values appended to `into` (methods in the run's order).
void append_values(const PartFolder& part, CompareRowScores& into) {
    const auto methods = part_field<json>(part, part.meta, "scores");
    if (!methods.is_array() || methods.size() != into.methods.size())
        throw Error(part.dir + "/part.json: field scores must hold one entry per method");
    const auto rows = part_field<std::size_t>(part, part.meta, "row_count");
    for (std::size_t m = 0; m < methods.size(); ++m) {
        MethodRowScores& method = into.methods[m];
        if (part_field<std::string>(part, methods[m], "method") != method.method)
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
    json meta = part_header("compare", shard, options.common.threads);
    meta.update({{"first_row", scores.first_row},
                 {"row_count", scores.row_count},
                 {"total_rows", scores.total_rows},
                 {"inputs_checksums", input_checksums(options)},
                 {"options", options_json(options)},
                 {"methods", method_names},
                 {"metrics", scores.metrics},
                 {"settings", settings},
                 {"scores", methods}});
    const fs::path path = dir / "part.json";
    write_text_file_atomically(path, meta.dump(1) + "\n");
    return path;
}

CompareRowScores merge_compare_parts(const std::vector<std::string>& part_dirs) {
    const auto total_rows = [](const PartFolder& part) {
        return part_field<std::size_t>(part, part.meta, "total_rows");
    };
    const PartFormat format{"compare",
                            {"total_rows", "inputs_checksums", "options", "methods", "metrics", "settings"},
                            [&](const PartFolder& first, const Shard& missing) {
                                return "rows " + row_range_text(compare_shard_rows(total_rows(first), missing));
                            }};
    const std::vector<PartFolder> parts = read_part_folders(part_dirs, format);
    const PartFolder& first = parts.front();
    CompareRowScores out;
    out.total_rows = total_rows(first);
    out.row_count = out.total_rows;
    out.metrics = part_field<std::vector<std::string>>(first, first.meta, "metrics");
    out.timings = !part_field<bool>(first, part_field<json>(first, first.meta, "options"), "no-timings");
    for (const auto& kv : part_field<json>(first, first.meta, "settings"))
        out.settings.push_back(kv.get<std::pair<std::string, std::string>>());
    for (const auto& name : part_field<std::vector<std::string>>(first, first.meta, "methods"))
        out.methods.push_back({name, 0.0, {}});
    for (const PartFolder& part : parts) {
        part_rows(part, compare_shard_rows(out.total_rows, part.shard));
        append_values(part, out);
    }
    return out;
}

}  // namespace agop::cli
