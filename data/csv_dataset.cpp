#include "data/csv_dataset.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/cell_list.hpp"
#include "data/file_bytes.hpp"
#include "data/stratified_split.hpp"

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

std::vector<std::string> present_cells(const CsvTable& table, std::size_t column,
                                       const std::vector<std::string>& markers) {
    std::vector<std::string> cells;
    for (const auto& row : table.rows)
        if (!is_missing_cell(row.fields[column], markers)) cells.push_back(row.fields[column]);
    return cells;
}

// `name` as a shell word: quoted when it holds anything but letters, digits, '_', '.' or '-'.
std::string shell_word(const std::string& name) {
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return "'" + name + "'";
    return name;
}

// A text column with about one distinct value per row, or many distinct values over more
// than half the rows, would become as many one-hot columns as rows: an identifier or free
// text, refused by name.
void refuse_identifier(const CsvTable& table, std::size_t column, const std::vector<std::string>& cells) {
    const std::size_t distinct = std::set<std::string>(cells.begin(), cells.end()).size();
    const std::size_t present = cells.size();
    if ((present >= 20 && 20 * distinct >= 19 * present) || (distinct > 100 && 2 * distinct > present))
        throw Error(table.source + ": column '" + printable_excerpt(table.header[column]) + "' has " +
                    std::to_string(distinct) + " distinct values in " + std::to_string(present) +
                    " rows: an identifier or free text, not a category; leave it out with --ignore-columns " +
                    shell_word(printable_excerpt(table.header[column])) + " (or choose the features with --features)");
}

// The kind of an undeclared column, decided from all its present cells: numeric when more
// than half are numbers (the rest are then bad cells, refused by name); a date when all are
// dates in one format; categorical otherwise.
ColumnKind detect_kind(const CsvTable& table, std::size_t column, const std::vector<std::string>& markers,
                       DateFormat& date_format) {
    const std::vector<std::string> cells = present_cells(table, column, markers);
    std::size_t numbers = 0;
    double value;
    for (const auto& cell : cells) numbers += parse_number(cell, value);
    if (2 * numbers > cells.size() || cells.empty()) return ColumnKind::numeric;
    date_format = detect_date_format(cells);
    if (date_format != DateFormat::none) return ColumnKind::date;
    refuse_identifier(table, column, cells);
    return ColumnKind::categorical;
}

struct Columns {
    RawSchema schema;
    std::vector<std::size_t> feature_columns;  // (features) 0-based file column
    std::vector<std::string> ignored;          // file columns that are neither feature nor target
};

Columns choose_columns(const CsvTable& table, const CsvDatasetConfig& config, std::size_t target) {
    Columns out;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const std::string& name = table.header[c];
        if (c == target) continue;
        if (contains(config.drop_columns, name) ||
            (!config.feature_columns.empty() && !contains(config.feature_columns, name))) {
            out.ignored.push_back(name);
            continue;
        }
        ColumnKind kind = ColumnKind::numeric;
        DateFormat date_format = DateFormat::none;
        if (contains(config.categorical_columns, name)) kind = ColumnKind::categorical;
        else if (!contains(config.numeric_columns, name) && !config.undeclared_are_numeric)
            kind = detect_kind(table, c, config.missing_markers, date_format);
        out.feature_columns.push_back(c);
        out.schema.feature_names.push_back(name);
        out.schema.kinds.push_back(kind);
        out.schema.file_columns.push_back(c + 1);
        out.schema.date_formats.push_back(date_format);
    }
    if (out.feature_columns.empty())
        throw Error(table.source + ": no feature columns are left besides the target '" + config.target_column + "'");
    return out;
}

// Every cell is one of: good, missing, or bad (present but not a number in a numeric
// column). Bad cells are always refused; missing ones per the policy (a missing target under
// any policy but refuse leaves its row out). Fills which rows have a missing feature cell and
// which a missing target.
void check_cells(const CsvTable& table, const Columns& columns, std::size_t target, const CsvDatasetConfig& config,
                 std::vector<bool>& has_missing, std::vector<bool>& has_missing_target) {
    CellList bad, missing, empty_targets;
    has_missing.assign(table.rows.size(), false);
    has_missing_target.assign(table.rows.size(), false);
    const RawSchema& schema = columns.schema;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const CsvRow& row = table.rows[r];
        if (is_missing_cell(row.fields[target], config.missing_markers)) {
            empty_targets.add(row.line, target + 1, config.target_column, row.fields[target]);
            has_missing_target[r] = true;
        }
        for (std::size_t f = 0; f < columns.feature_columns.size(); ++f) {
            const std::string& cell = row.fields[columns.feature_columns[f]];
            double value;
            if (is_missing_cell(cell, config.missing_markers)) {
                missing.add(row.line, schema.file_columns[f], schema.feature_names[f], cell);
                has_missing[r] = true;
            } else if (schema.kinds[f] == ColumnKind::numeric && !parse_number(cell, value)) {
                bad.add(row.line, schema.file_columns[f], schema.feature_names[f], cell);
            }
        }
    }
    if (!empty_targets.empty() && config.missing == MissingValues::refuse)
        throw Error(table.source + ": target column '" + config.target_column + "' has missing values at " +
                    empty_targets.text() +
                    "; every row needs a target (with --missing drop|mean|median|category those rows are left out: "
                    "a target is never imputed; where such a word is a class here, not a gap, name the missing-value "
                    "words with --na-values)");
    if (!bad.empty())
        throw Error(table.source + ": cells that are neither numbers nor missing in numeric columns at " + bad.text() +
                    "; fix them, declare the column categorical, or name their marker with --na-values");
    if (!missing.empty() && config.missing == MissingValues::refuse)
        throw Error(table.source + ": missing values at " + missing.text() +
                    "; choose how to handle them: drop the rows, impute the training mean or median, or make them "
                    "a category (--missing drop|mean|median|category)");
}

// Whether the target is to be predicted as a number; under `detect`, a numeric target with
// more than 20 distinct values or a non-integer value is refused rather than guessed.
bool regression_target(const CsvTable& table, std::size_t target, const CsvDatasetConfig& config) {
    if (config.task != TargetTask::detect) return config.task == TargetTask::regression;
    std::set<std::string> distinct;
    bool fractional = false;
    for (const auto& row : table.rows) {
        double value;
        if (is_missing_cell(row.fields[target], config.missing_markers)) continue;
        if (!parse_number(row.fields[target], value)) return false;
        distinct.insert(row.fields[target]);
        fractional = fractional || value != static_cast<double>(static_cast<long long>(value));
    }
    if (distinct.size() > 20 || fractional)
        throw Error(table.source + ": target column '" + config.target_column + "' has " +
                    std::to_string(distinct.size()) + " distinct numeric values" +
                    (fractional ? ", not all whole numbers" : "") +
                    ": looks like a regression target; pass --task regression, or --task classification to treat "
                    "each value as a class");
    return false;
}

// The seeded train/test split: stratified by the target's text (numbered in text order) for
// a classifier, one stratum for regression; each part in file order, rows with missing cells
// dropped under `drop`, rows with a missing target always.
std::vector<std::vector<std::size_t>> split_rows(const CsvTable& table, std::size_t target, bool regression,
                                                 const std::vector<bool>& has_missing,
                                                 const std::vector<bool>& has_missing_target,
                                                 const CsvDatasetConfig& config, std::size_t& raw_test_rows) {
    std::map<std::string, int> target_id;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        if (!has_missing_target[r]) target_id.emplace(regression ? "" : table.rows[r].fields[target], 0);
    if (target_id.empty()) throw Error(table.source + ": target column '" + config.target_column + "' has no values");
    if (!regression && target_id.size() < 2)
        throw Error(table.source + ": target column '" + config.target_column + "' has the single value '" +
                    printable_excerpt(target_id.begin()->first) + "'; a classifier needs at least two classes");
    int next_id = 0;
    for (auto& [value, id] : target_id) id = next_id++;
    std::vector<int> strata;
    // A missing target's row joins stratum 0; it is left out below.
    for (const auto& row : table.rows) strata.push_back(target_id[regression ? "" : row.fields[target]]);
    Rng rng(config.seed);
    auto parts = stratified_split(strata, {1.0 - config.test_fraction, config.test_fraction}, rng);
    raw_test_rows = parts[1].size();
    for (auto& part : parts) {
        std::sort(part.begin(), part.end());
        part.erase(std::remove_if(part.begin(), part.end(),
                                  [&](std::size_t r) {
                                      return has_missing_target[r] ||
                                             (config.missing == MissingValues::drop && has_missing[r]);
                                  }),
                   part.end());
    }
    std::set<std::string> kept;
    for (std::size_t r : parts[0]) kept.insert(table.rows[r].fields[target]);
    if (kept.size() < (regression ? 1u : 2u))
        throw Error(table.source + ": after leaving out the rows with missing values the training split has " +
                    std::to_string(kept.size()) + " target value(s); too few to train on");
    return parts;
}

}  // namespace

TargetTask parse_target_task(const std::string& text, const std::string& argument) {
    if (text == "classification") return TargetTask::classification;
    if (text == "regression") return TargetTask::regression;
    throw Error(argument + " " + printable_excerpt(text) + ": expected classification or regression");
}

TabularDataset load_csv_dataset(const std::string& path, const CsvDatasetConfig& config) {
    const CsvTable table = read_csv(path, config.format);
    if (table.rows.empty()) throw Error(path + ": the file has a header but no data rows");
    refuse_duplicate_names(table);
    const std::size_t target = csv_column_index(table, config.target_column);
    for (const auto* names :
         {&config.numeric_columns, &config.categorical_columns, &config.drop_columns, &config.feature_columns})
        for (const auto& name : *names) csv_column_index(table, name);

    const Columns columns = choose_columns(table, config, target);
    std::vector<bool> has_missing, has_missing_target;
    check_cells(table, columns, target, config, has_missing, has_missing_target);
    const bool regression = regression_target(table, target, config);
    std::size_t raw_test_rows = 0;
    const auto parts = split_rows(table, target, regression, has_missing, has_missing_target, config, raw_test_rows);
    std::vector<std::size_t> every_row(table.rows.size());
    for (std::size_t r = 0; r < every_row.size(); ++r) every_row[r] = r;
    const RawTable whole_file = select_rows(table, every_row, columns.feature_columns, target);

    EncodingOptions options;
    options.missing_markers = config.missing_markers;
    options.missing = config.missing;
    if (config.categories_from_every_row) options.category_rows = &whole_file;
    options.regression = regression;
    TabularDataset ds = encode_tabular(select_rows(table, parts[0], columns.feature_columns, target),
                                       select_rows(table, parts[1], columns.feature_columns, target), columns.schema,
                                       config.name.empty() ? path : config.name, options);
    ds.target_column = config.target_column;
    ds.ignored_columns = columns.ignored;
    ds.raw_train_rows = table.rows.size() - raw_test_rows;
    ds.raw_test_rows = raw_test_rows;
    return ds;
}

}  // namespace agop
