#include "cli/explain_parts.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <variant>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"
#include "autodiff/openblas_core.hpp"
#include "cli/option_checks.hpp"
#include "data/atomic_file.hpp"
#include "data/checksum.hpp"
#include "data/file_bytes.hpp"
#include "data/npy.hpp"
#include "experiments/json_file.hpp"

namespace agop::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string fnv1a64_text(std::uint64_t hash) {
    char text[32];
    std::snprintf(text, sizeof text, "fnv1a64:%016" PRIx64, hash);
    return text;
}

// A file's checksum; a folder's is that of "name checksum\n" for each file in name order.
std::string path_checksum(const std::string& path) {
    if (!fs::is_directory(path)) return file_checksum(path);
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path))
        if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    std::string listing;
    for (const auto& name : names) listing += name + " " + file_checksum((fs::path(path) / name).string()) + "\n";
    return fnv1a64_text(fnv1a64(listing.data(), listing.size()));
}

std::string attributions_file_name(const std::string& method, const RowRange& rows) {
    return "attributions_" + method + ".rows-" + std::to_string(rows.first) + "-" +
           std::to_string(rows.first + rows.count - 1) + ".npy";
}

struct Part {
    std::string dir;
    json meta;
    Shard shard;
    RowRange rows;
};

// part.json's `field`, as T; Error naming the folder and field when it is missing or of another type.
template <class T>
T field(const Part& part, const std::string& name) {
    try {
        return part.meta.at(name).get<T>();
    } catch (const json::exception&) {
        throw Error(part.dir + "/part.json: field " + name + " is missing or not of the expected type");
    }
}

Part read_part(const std::string& dir) {
    const fs::path path = fs::path(dir) / "part.json";
    if (!fs::is_regular_file(path))
        throw Error(dir + ": no part.json; expected a folder written by `agop explain --shard i/n`");
    Part part{dir, {}, {}, {}};
    part.meta = read_json_file(path, "a part.json written by agop explain --shard");
    const std::string kind = field<std::string>(part, "kind");
    if (kind == "reproduce")
        throw Error(dir +
                    " is a part of `agop reproduce` (kind \"reproduce\"); for those, use "
                    "`agop reproduce --merge`");
    if (kind != "explain") throw Error(path.string() + ": kind is \"" + kind + "\"; expected \"explain\"");
    part.shard = {field<std::size_t>(part, "shard_index"), field<std::size_t>(part, "shard_count")};
    part.rows = {field<std::size_t>(part, "first_row"), field<std::size_t>(part, "row_count")};
    return part;
}

std::string range_text(const RowRange& rows) {
    return std::to_string(rows.first) + "-" + std::to_string(rows.first + rows.count - 1);
}

// Every field that must agree across the parts of one run (and every option, one by one).
void check_same_run(const Part& first, const Part& part) {
    for (const char* name : {"shard_count", "total_rows", "checkpoint_checksum", "inputs_checksums", "method",
                             "threads", "openblas_core", "agop_version"})
        if (part.meta.value(name, json()) != first.meta.value(name, json()))
            throw Error(part.dir + ": " + name + " is " + part.meta.value(name, json()).dump() + ", but " + first.dir +
                        " has " + first.meta.value(name, json()).dump() + "; all parts must come from one run");
    const json& options = first.meta.at("options");
    for (const auto& [name, value] : options.items())
        if (part.meta.at("options").value(name, json()) != value)
            throw Error(part.dir + ": option " + name + " is " + part.meta.at("options").value(name, json()).dump() +
                        ", but " + first.dir + " has " + value.dump() + "; all parts must come from one run");
}

ExplainOptions options_from_part(const Part& part) {
    ExplainOptions o;
    const json& options = part.meta.at("options");
    for (const ExplainOption& option : explain_option_table())
        std::visit(
            [&](auto* value) {
                try {
                    *value = options.at(option.key).get<std::remove_pointer_t<decltype(value)>>();
                } catch (const json::exception&) {
                    throw Error(part.dir + "/part.json: option " + option.key +
                                " is missing or not of the expected type");
                }
            },
            option.field(o));
    check_explain_options(o, part.dir + "/part.json");
    const auto threads = field<std::size_t>(part, "threads");
    if (threads < 1 || threads > max_threads())
        throw Error(part.dir + "/part.json: threads is " + std::to_string(threads) + "; expected 1 to " +
                    std::to_string(max_threads()));
    o.common.threads = static_cast<int>(threads);
    return o;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> input_checksums(const ExplainOptions& o) {
    std::vector<std::pair<std::string, std::string>> sums;
    for (const auto& [option, path] : {std::pair<std::string, std::string>{"--checkpoint", o.checkpoint},
                                       {"--inputs", o.inputs},
                                       {"--csv", o.csv},
                                       {"--targets", o.targets},
                                       {"--background", o.background},
                                       {"--agop-data", o.source.agop_data}})
        if (!path.empty()) sums.push_back({option, path_checksum(path)});
    return sums;
}

fs::path explain_part_attributions(const fs::path& dir, const ExplainOptions& o, const RowRange& rows) {
    return dir / attributions_file_name(o.settings.method, rows);
}

std::vector<fs::path> write_explain_part(const fs::path& dir, const ExplainOptions& o, const Shard& shard,
                                         const RowRange& rows, std::size_t total_rows) {
    json options = json::object();
    ExplainOptions fields = o;
    for (const ExplainOption& option : explain_option_table())
        std::visit([&](auto* value) { options[option.key] = *value; }, option.field(fields));
    json sums = json::object();
    for (const auto& [option, sum] : input_checksums(o)) sums[option] = sum;
    const std::string file = attributions_file_name(o.settings.method, rows);
    const json meta{{"kind", "explain"},
                    {"shard_index", shard.index},
                    {"shard_count", shard.count},
                    {"first_row", rows.first},
                    {"row_count", rows.count},
                    {"total_rows", total_rows},
                    {"attributions_file", file},
                    {"checkpoint_checksum", file_checksum(o.checkpoint)},
                    {"inputs_checksums", sums},
                    {"method", o.settings.method},
                    {"threads", o.common.threads},
                    {"openblas_core", openblas_core().running},
                    {"agop_version", AGOP_VERSION},
                    {"options", options}};
    write_text_file_atomically(dir / "part.json", meta.dump(2) + "\n");
    return {dir / "part.json", dir / file};
}

MergedRows::MergedRows(const std::vector<std::string>& part_dirs) {
    std::vector<Part> parts;
    for (const auto& dir : part_dirs) parts.push_back(read_part(dir));
    for (const auto& part : parts) check_same_run(parts.front(), part);

    const std::size_t n = parts.front().shard.count, total = field<std::size_t>(parts.front(), "total_rows");
    std::map<std::size_t, const Part*> by_index;
    for (const auto& part : parts) {
        if (part.shard.index == 0 || part.shard.index > n)
            throw Error(part.dir + ": shard_index " + std::to_string(part.shard.index) + " is not in 1.." +
                        std::to_string(n));
        const auto [at, added] = by_index.emplace(part.shard.index, &part);
        if (!added)
            throw Error(part.dir + ": duplicate of part " + shard_text(part.shard) +
                        ", which " + at->second->dir + " holds");
    }
    std::size_t next_row = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        const RowRange expected = shard_rows(total, {i, n});
        const auto found = by_index.find(i);
        if (found == by_index.end())
            throw Error("part " + std::to_string(i) + "/" + std::to_string(n) + " (rows " + range_text(expected) +
                        ") is missing: no folder given holds it");
        const Part& part = *found->second;
        if (part.rows.count == 0 || part.rows.first != next_row)
            throw Error(part.dir + ": rows " + range_text(part.rows) +
                        (part.rows.first < next_row ? " overlap" : " leave a gap after") + " the rows before them (0-" +
                        std::to_string(next_row) + ")");
        if (part.rows.first != expected.first || part.rows.count != expected.count)
            throw Error(part.dir + ": rows " + range_text(part.rows) + " are not those of part " + std::to_string(i) +
                        "/" + std::to_string(n) + " (" + range_text(expected) + ")");
        next_row += part.rows.count;
    }

    // The merge computes the predictions and base values again: with the parts' sgemm kernels.
    const std::string core = field<std::string>(parts.front(), "openblas_core");
    if (core != openblas_core().running)
        throw Error("the parts ran OpenBLAS's " + core + " kernels and this merge runs " + openblas_core().running +
                    "; run it with OPENBLAS_CORETYPE=" + core + " so that its files are those of an unsharded run");

    options_ = options_from_part(parts.front());
    const auto recorded = parts.front().meta.at("inputs_checksums");
    for (const auto& [option, sum] : input_checksums(options_))
        if (recorded.value(option, json()) != sum)
            throw Error(option + " has changed since the parts were written (" + recorded.value(option, json()).dump() +
                        " then, \"" + sum + "\" now); the merge reads it again");

    for (std::size_t i = 1; i <= n; ++i) {
        const Part& part = *by_index.at(i);
        const std::string file = field<std::string>(part, "attributions_file");
        if (file != attributions_file_name(options_.settings.method, part.rows))
            throw Error(part.dir + "/part.json: attributions_file is \"" + file + "\"; expected \"" +
                        attributions_file_name(options_.settings.method, part.rows) + "\"");
        File f{part.dir, (fs::path(part.dir) / file).string(), part.rows, nullptr};
        f.reader = std::make_unique<NpyBlockReader>(f.path);
        const Shape& shape = f.reader->shape();
        if (shape.size() < 2 || shape[0] != part.rows.count ||
            (i > 1 && with_rows(shape, 1) != with_rows(files_.front().reader->shape(), 1)))
            throw Error(f.path + ": shape " + shape_string(shape) + " does not fit " + std::to_string(part.rows.count) +
                        " rows like the other parts'");
        files_.push_back(std::move(f));
    }
}

void MergedRows::check_shape(const Shape& inputs) const {
    const Shape& first = files_.front().reader->shape();
    if (with_rows(first, inputs[0]) != inputs)
        throw Error("the parts hold attributions of shape " + shape_string(with_rows(first, inputs[0])) +
                    ", but the inputs read again are " + shape_string(inputs));
}

Tensor MergedRows::read(std::size_t first, const Shape& shape) {
    for (File& f : files_)
        if (first >= f.rows.first && first + shape[0] <= f.rows.first + f.rows.count)
            return f.reader->read(first - f.rows.first, shape[0]);
    throw Error("rows " + std::to_string(first) + "+" + std::to_string(shape[0]) + " lie in no single part");
}

}  // namespace agop::cli
