#include "data/csv_dataset.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/file_bytes.hpp"
#include "data/stratified_split.hpp"
#include "data/tabular_encoding.hpp"

namespace agop {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

RawTable select_rows(const CsvTable& table, const std::vector<std::size_t>& rows,
                     const std::vector<std::size_t>& feature_columns, std::size_t target_column) {
    RawTable raw;
    raw.source = table.source;
    for (std::size_t r : rows) {
        const CsvRow& row = table.rows[r];
        std::vector<std::string> cells;
        for (std::size_t c : feature_columns) cells.push_back(row.fields[c]);
        raw.features.push_back(std::move(cells));
        raw.targets.push_back(row.fields[target_column]);
        raw.lines.push_back(row.line);
    }
    return raw;
}

// Up to five "line L, column C (name): 'text'" places, then the total: what an error lists.
class CellList {
  public:
    void add(std::size_t line, std::size_t column, const std::string& name, const std::string& text) {
        if (count_++ < 5)
            places_ += (places_.empty() ? "" : "; ") + std::string("line ") + std::to_string(line) + ", column " +
                       std::to_string(column) + " (" + printable_excerpt(name, 40) + "): '" +
                       printable_excerpt(text, 30) + "'";
    }
    bool empty() const { return count_ == 0; }
    std::string text() const { return places_ + (count_ > 5 ? "; ... " + std::to_string(count_) + " in all" : ""); }

  private:
    std::size_t count_ = 0;
    std::string places_;
};

void refuse_duplicate_names(const CsvTable& table) {
    std::map<std::string, std::size_t> first;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const auto [it, fresh] = first.emplace(table.header[c], c);
        if (!fresh)
            throw Error(table.source + ":1: columns " + std::to_string(it->second + 1) + " and " + std::to_string(c + 1) +
                        " are both named '" + printable_excerpt(table.header[c]) +
                        "'; column names must be unique (a copied target would leak the label)");
    }
}

// The kind of an undeclared column, decided from all its present cells: numeric when more
// than half are numbers (the rest are then bad cells, refused by name), categorical otherwise.
ColumnKind detect_kind(const CsvTable& table, std::size_t column) {
    std::size_t present = 0, numbers = 0;
    double value;
    for (const auto& row : table.rows) {
        if (is_missing_cell(row.fields[column])) continue;
        ++present;
        numbers += parse_number(row.fields[column], value);
    }
    return 2 * numbers > present || present == 0 ? ColumnKind::numeric : ColumnKind::categorical;
}

}  // namespace

MissingValues parse_missing_values(const std::string& text, const std::string& argument) {
    if (text == "refuse") return MissingValues::refuse;
    if (text == "drop") return MissingValues::drop;
    if (text == "mean") return MissingValues::mean;
    throw Error(argument + " " + printable_excerpt(text) + ": expected refuse, drop or mean");
}

TabularDataset load_csv_dataset(const std::string& path, const CsvDatasetConfig& config) {
    const CsvTable table = read_csv(path, config.format);
    if (table.rows.empty()) throw Error(path + ": the file has a header but no data rows");
    refuse_duplicate_names(table);
    const std::size_t target = csv_column_index(table, config.target_column);
    for (const auto* names : {&config.numeric_columns, &config.categorical_columns, &config.drop_columns})
        for (const auto& name : *names) csv_column_index(table, name);

    RawSchema schema;
    std::vector<std::size_t> feature_columns;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const std::string& name = table.header[c];
        if (c == target || contains(config.drop_columns, name)) continue;
        ColumnKind kind = ColumnKind::numeric;
        if (contains(config.categorical_columns, name)) kind = ColumnKind::categorical;
        else if (!contains(config.numeric_columns, name) && !config.undeclared_are_numeric) kind = detect_kind(table, c);
        feature_columns.push_back(c);
        schema.feature_names.push_back(name);
        schema.kinds.push_back(kind);
        schema.file_columns.push_back(c + 1);
    }

    // Every cell is now one of: good, missing, or bad (present but not a number in a numeric
    // column). Bad cells and empty targets are always refused; missing ones per the policy.
    CellList bad, missing, empty_targets;
    std::vector<bool> has_missing(table.rows.size(), false);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const CsvRow& row = table.rows[r];
        if (is_missing_cell(row.fields[target])) empty_targets.add(row.line, target + 1, config.target_column, row.fields[target]);
        for (std::size_t f = 0; f < feature_columns.size(); ++f) {
            const std::string& cell = row.fields[feature_columns[f]];
            double value;
            if (is_missing_cell(cell)) {
                missing.add(row.line, schema.file_columns[f], schema.feature_names[f], cell);
                has_missing[r] = true;
            } else if (schema.kinds[f] == ColumnKind::numeric && !parse_number(cell, value)) {
                bad.add(row.line, schema.file_columns[f], schema.feature_names[f], cell);
            }
        }
    }
    if (!empty_targets.empty())
        throw Error(path + ": target column '" + config.target_column + "' has missing values at " +
                    empty_targets.text() + "; every row needs a target");
    if (!bad.empty())
        throw Error(path + ": cells that are neither numbers nor missing in numeric columns at " + bad.text() +
                    "; fix them, or declare the column categorical");
    if (!missing.empty() && config.missing == MissingValues::refuse)
        throw Error(path + ": missing values at " + missing.text() +
                    "; choose how to handle them: drop the rows or impute the training mean (--missing drop|mean)");

    // Stratify on the target's string value, numbered in sorted order.
    std::map<std::string, int> target_id;
    for (const auto& row : table.rows) target_id.emplace(row.fields[target], 0);
    if (target_id.size() < 2)
        throw Error(path + ": target column '" + config.target_column + "' has the single value '" +
                    printable_excerpt(target_id.begin()->first) + "'; a classifier needs at least two classes");
    int next_id = 0;
    for (auto& [value, id] : target_id) id = next_id++;
    std::vector<int> strata;
    for (const auto& row : table.rows) strata.push_back(target_id[row.fields[target]]);
    Rng rng(config.seed);
    auto parts = stratified_split(strata, {1.0 - config.test_fraction, config.test_fraction}, rng);
    const std::size_t raw_train = parts[0].size(), raw_test = parts[1].size();
    for (auto& part : parts) {
        std::sort(part.begin(), part.end());
        if (config.missing == MissingValues::drop)
            part.erase(std::remove_if(part.begin(), part.end(), [&](std::size_t r) { return has_missing[r]; }),
                       part.end());
    }
    if (config.missing == MissingValues::drop) {
        std::set<std::string> kept;
        for (std::size_t r : parts[0]) kept.insert(table.rows[r].fields[target]);
        if (kept.size() < 2)
            throw Error(path + ": after dropping the rows with missing values the training split has " +
                        std::to_string(kept.size()) + " class(es); a classifier needs at least two");
    }

    TabularDataset ds =
        encode_tabular(select_rows(table, parts[0], feature_columns, target),
                       select_rows(table, parts[1], feature_columns, target), schema,
                       config.name.empty() ? path : config.name, config.missing == MissingValues::mean);
    ds.target_column = config.target_column;
    ds.ignored_columns = config.drop_columns;
    ds.raw_train_rows = raw_train;
    ds.raw_test_rows = raw_test;
    return ds;
}

}  // namespace agop
