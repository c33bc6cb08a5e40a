#include "data/csv_dataset.hpp"

#include <algorithm>
#include <map>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
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

}  // namespace

TabularDataset load_csv_dataset(const std::string& path, const CsvDatasetConfig& config) {
    const CsvTable table = read_csv(path, config.format);
    if (table.rows.empty()) throw Error(path + ": the file has a header but no data rows");
    const std::size_t target = csv_column_index(table, config.target_column);
    for (const auto* names : {&config.numeric_columns, &config.categorical_columns, &config.drop_columns})
        for (const auto& name : *names) csv_column_index(table, name);

    RawSchema schema;
    std::vector<std::size_t> feature_columns;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const std::string& name = table.header[c];
        if (c == target || contains(config.drop_columns, name)) continue;
        ColumnKind kind = ColumnKind::numeric;
        if (contains(config.categorical_columns, name)) {
            kind = ColumnKind::categorical;
        } else if (!contains(config.numeric_columns, name) && !config.undeclared_are_numeric) {
            double value;
            for (const auto& row : table.rows)
                if (!parse_number(row.fields[c], value)) {
                    kind = ColumnKind::categorical;
                    break;
                }
        }
        feature_columns.push_back(c);
        schema.feature_names.push_back(name);
        schema.kinds.push_back(kind);
        schema.file_columns.push_back(c + 1);
    }

    // Stratify on the target's string value, numbered in sorted order.
    std::map<std::string, int> target_id;
    for (const auto& row : table.rows) target_id.emplace(row.fields[target], 0);
    int next_id = 0;
    for (auto& [value, id] : target_id) id = next_id++;
    std::vector<int> strata;
    for (const auto& row : table.rows) strata.push_back(target_id[row.fields[target]]);
    Rng rng(config.seed);
    auto parts = stratified_split(strata, {1.0 - config.test_fraction, config.test_fraction}, rng);
    for (auto& part : parts) std::sort(part.begin(), part.end());

    TabularDataset ds =
        encode_tabular(select_rows(table, parts[0], feature_columns, target),
                       select_rows(table, parts[1], feature_columns, target), schema,
                       config.name.empty() ? path : config.name);
    ds.target_column = config.target_column;
    ds.ignored_columns = config.drop_columns;
    ds.raw_train_rows = parts[0].size();
    ds.raw_test_rows = parts[1].size();
    return ds;
}

}  // namespace agop
