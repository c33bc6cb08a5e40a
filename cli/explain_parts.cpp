#include "cli/explain_parts.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <variant>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"
#include "autodiff/openblas_core.hpp"
#include "cli/option_checks.hpp"
#include "cli/part_folders.hpp"
#include "data/atomic_file.hpp"
#include "data/checksum.hpp"
#include "data/file_bytes.hpp"
#include "data/npy.hpp"

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

ExplainOptions options_from_part(const PartFolder& part) {
    ExplainOptions o;
    const auto options = part_field<json>(part, part.meta, "options");
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
    const auto threads = part_field<std::size_t>(part, part.meta, "threads");
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
    json meta = part_header("explain", shard, o.common.threads);
    meta.update({{"first_row", rows.first},
                 {"row_count", rows.count},
                 {"total_rows", total_rows},
                 {"attributions_file", file},
                 {"checkpoint_checksum", file_checksum(o.checkpoint)},
                 {"inputs_checksums", sums},
                 {"method", o.settings.method},
                 {"options", options}});
    write_text_file_atomically(dir / "part.json", meta.dump(2) + "\n");
    return {dir / "part.json", dir / file};
}

MergedRows::MergedRows(const std::vector<std::string>& part_dirs) {
    const auto total_rows = [](const PartFolder& part) {
        return part_field<std::size_t>(part, part.meta, "total_rows");
    };
    const PartFormat format{"explain",
                            {"total_rows", "checkpoint_checksum", "inputs_checksums", "method", "options"},
                            [&](const PartFolder& first, const Shard& missing) {
                                return "rows " + row_range_text(shard_rows(total_rows(first), missing));
                            }};
    const std::vector<PartFolder> parts = read_part_folders(part_dirs, format);
    const std::size_t total = total_rows(parts.front());
    std::vector<RowRange> rows;
    for (const PartFolder& part : parts) rows.push_back(part_rows(part, shard_rows(total, part.shard)));

    // The merge computes the predictions and base values again: with the parts' sgemm kernels.
    const std::string core = part_field<std::string>(parts.front(), parts.front().meta, "openblas_core");
    if (core != openblas_core().running)
        throw Error("the parts ran OpenBLAS's " + core + " kernels and this merge runs " + openblas_core().running +
                    "; run it with OPENBLAS_CORETYPE=" + core + " so that its files are those of an unsharded run");

    options_ = options_from_part(parts.front());
    const auto recorded = part_field<json>(parts.front(), parts.front().meta, "inputs_checksums");
    for (const auto& [option, sum] : input_checksums(options_))
        if (recorded.value(option, json()) != sum)
            throw Error(option + " has changed since the parts were written (" + recorded.value(option, json()).dump() +
                        " then, \"" + sum + "\" now); the merge reads it again");

    for (std::size_t i = 0; i < parts.size(); ++i) {
        const PartFolder& part = parts[i];
        const std::string file = part_field<std::string>(part, part.meta, "attributions_file");
        const std::string expected = attributions_file_name(options_.settings.method, rows[i]);
        if (file != expected)
            throw Error(part.dir + "/part.json: attributions_file is \"" + file + "\"; expected \"" + expected + "\"");
        File f{part.dir, (fs::path(part.dir) / file).string(), rows[i], nullptr};
        f.reader = std::make_unique<NpyBlockReader>(f.path);
        const Shape& shape = f.reader->shape();
        if (shape.size() < 2 || shape[0] != rows[i].count ||
            (i > 0 && with_rows(shape, 1) != with_rows(files_.front().reader->shape(), 1)))
            throw Error(f.path + ": shape " + shape_string(shape) + " does not fit " + std::to_string(rows[i].count) +
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
