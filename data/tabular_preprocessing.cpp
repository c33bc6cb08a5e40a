#include "data/tabular_preprocessing.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "autodiff/error.hpp"
#include "data/cell_list.hpp"

namespace agop {

namespace {

std::size_t width(const TabularPreprocessing& pre, std::size_t f) {
    return pre.is_date(f) ? kDateParts : pre.categories[f].empty() ? 1 : pre.categories[f].size();
}

// Each feature's 0-based file column; the target's, or header.size() when absent.
struct FileColumns {
    std::vector<std::size_t> feature;
    std::size_t target;
};

FileColumns find_columns(const TabularPreprocessing& pre, const CsvTable& table) {
    FileColumns out{std::vector<std::size_t>(pre.feature_names.size(), table.header.size()), table.header.size()};
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const std::string& name = table.header[c];
        const auto f = std::find(pre.feature_names.begin(), pre.feature_names.end(), name);
        if (f != pre.feature_names.end()) {
            out.feature[static_cast<std::size_t>(f - pre.feature_names.begin())] = c;
        } else if (name == pre.target_column && !name.empty()) {
            out.target = c;
        } else if (std::find(pre.ignored_columns.begin(), pre.ignored_columns.end(), name) ==
                   pre.ignored_columns.end()) {
            throw Error(table.source + ":1: column " + std::to_string(c + 1) + " '" + name +
                        "' is not a feature of the model (nor its target '" + pre.target_column +
                        "'); remove it from the file");
        }
    }
    for (std::size_t f = 0; f < pre.feature_names.size(); ++f)
        if (out.feature[f] == table.header.size())
            throw Error(table.source + ":1: the model's feature column '" + pre.feature_names[f] + "' is missing");
    return out;
}

// One cell into its encoded columns x[first...], unstandardised; a missing cell takes the
// fill values (or the "(missing)" category) and its feature's name joins `imputed`.
void encode_cell(const TabularPreprocessing& pre, std::size_t f, const std::string& cell, std::size_t first,
                 const std::map<std::string, std::size_t>& category_column, UnseenCategory unseen, float* x,
                 const std::string& where, std::vector<std::string>& imputed) {
    const auto fill = [&] {
        for (std::size_t k = 0; k < width(pre, f); ++k) x[first + k] = static_cast<float>(pre.fill[first + k]);
    };
    if (is_missing_cell(cell, pre.missing_markers)) {
        const auto own = category_column.find(kMissingCategory);
        if (pre.missing == MissingValues::category && own != category_column.end())
            x[own->second] = 1.0f;
        else
            fill();
        imputed.push_back(pre.feature_names[f]);
        return;
    }
    if (pre.is_date(f)) {
        DateParts parts;
        if (!parse_date(cell, pre.date_formats[f], parts))
            throw Error(where + "'" + cell + "' is not a date in the column's format (" +
                        date_format_name(pre.date_formats[f]) + ")");
        x[first] = static_cast<float>(parts.days);
        x[first + 1] = static_cast<float>(parts.month);
        x[first + 2] = static_cast<float>(parts.weekday);
    } else if (pre.is_numeric(f)) {
        double value;
        if (!parse_number(cell, value)) throw Error(where + "'" + cell + "' is not a number");
        x[first] = static_cast<float>(value);
    } else {
        const auto it = category_column.find(cell);
        if (it != category_column.end())
            x[it->second] = 1.0f;
        else if (unseen == UnseenCategory::most_frequent && f < pre.most_frequent.size() &&
                 category_column.count(pre.most_frequent[f]))
            x[category_column.at(pre.most_frequent[f])] = 1.0f;
    }
}

}  // namespace

std::size_t TabularPreprocessing::encoded_columns() const {
    std::size_t p = 0;
    for (std::size_t f = 0; f < feature_names.size(); ++f) p += width(*this, f);
    return p;
}

std::vector<std::string> TabularPreprocessing::column_names() const {
    std::vector<std::string> names;
    for (std::size_t f = 0; f < feature_names.size(); ++f) {
        if (is_numeric(f)) names.push_back(feature_names[f]);
        if (is_date(f))
            for (const auto& name : date_column_names(feature_names[f])) names.push_back(name);
        for (const auto& category : categories[f]) names.push_back(feature_names[f] + "=" + category);
    }
    return names;
}

std::vector<std::size_t> TabularPreprocessing::feature_groups() const {
    std::vector<std::size_t> groups;
    for (std::size_t f = 0; f < feature_names.size(); ++f) groups.insert(groups.end(), width(*this, f), f);
    return groups;
}

TabularPreprocessing tabular_preprocessing(const TabularDataset& ds) {
    TabularPreprocessing pre;
    pre.target_column = ds.target_column;
    pre.ignored_columns = ds.ignored_columns;
    pre.feature_names = ds.feature_names;
    pre.categories = ds.feature_categories;
    pre.date_formats = ds.feature_date_formats;
    pre.date_formats.resize(ds.feature_names.size(), DateFormat::none);
    pre.most_frequent = ds.most_frequent_category;
    pre.most_frequent.resize(ds.feature_names.size());
    pre.class_names = ds.class_names;
    pre.regression = ds.regression;
    if (!ds.missing_markers.empty()) pre.missing_markers = ds.missing_markers;
    pre.missing = parse_missing_values(ds.missing_policy, "missing policy");
    pre.fill = ds.fill_values;
    pre.fill.resize(ds.standardisation_centre.size(), 0.0);
    pre.centre = ds.standardisation_centre;
    pre.scale = ds.standardisation_scale;
    const std::size_t n = ds.X_train.shape()[0], p = ds.X_train.shape()[1];
    pre.encoded_mean.assign(p, 0.0);
    pre.encoded_std.assign(p, 0.0);
    const float* x = ds.X_train.data();
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < p; ++c) pre.encoded_mean[c] += x[r * p + c];
    for (double& m : pre.encoded_mean) m /= static_cast<double>(n);
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < p; ++c) {
            const double d = x[r * p + c] - pre.encoded_mean[c];
            pre.encoded_std[c] += d * d;
        }
    for (double& s : pre.encoded_std) {
        s = std::sqrt(s / static_cast<double>(n));
        if (!(s > 0.0)) s = 1.0;
    }
    check_tabular_preprocessing(pre, ds.name);
    return pre;
}

void check_tabular_preprocessing(const TabularPreprocessing& pre, const std::string& source) {
    auto fail = [&](const std::string& what) { throw Error(source + ": tabular preprocessing: " + what); };
    const std::size_t features = pre.feature_names.size();
    if (features == 0) fail("no features");
    if (pre.categories.size() != features || (!pre.date_formats.empty() && pre.date_formats.size() != features) ||
        (!pre.most_frequent.empty() && pre.most_frequent.size() != features))
        fail(std::to_string(features) + " features but " + std::to_string(pre.categories.size()) + " category lists, " +
             std::to_string(pre.date_formats.size()) + " date formats and " + std::to_string(pre.most_frequent.size()) +
             " most frequent categories");
    for (std::size_t f = 0; f < features; ++f)
        if (pre.is_date(f) && !pre.categories[f].empty())
            fail("feature '" + pre.feature_names[f] + "' is a date with categories");
    if (pre.class_names.empty() != pre.regression)
        fail(pre.regression ? "a regression model with class names" : "no class names");
    const std::size_t p = pre.encoded_columns();
    if (pre.fill.size() != p && !(pre.fill.empty() && pre.missing == MissingValues::refuse))
        fail("fill values for " + std::to_string(pre.fill.size()) + " of " + std::to_string(p) + " encoded columns");
    for (const auto* v : {&pre.centre, &pre.scale, &pre.encoded_mean, &pre.encoded_std})
        if (v->size() != p)
            fail("a statistic has " + std::to_string(v->size()) + " entries for " + std::to_string(p) +
                 " encoded columns");
    for (std::size_t c = 0; c < p; ++c)
        if ((c < pre.fill.size() && !std::isfinite(pre.fill[c])) || !std::isfinite(pre.centre[c]) ||
            !std::isfinite(pre.encoded_mean[c]) || !(pre.scale[c] > 0.0) || !std::isfinite(pre.scale[c]) ||
            !(pre.encoded_std[c] > 0.0) || !std::isfinite(pre.encoded_std[c]))
            fail("encoded column " + std::to_string(c) + " has a non-finite statistic or a scale that is not positive");
}

EncodedRows encode_new_rows(const TabularPreprocessing& pre, const CsvTable& table, UnseenCategory unseen) {
    check_tabular_preprocessing(pre, table.source);
    if (table.rows.empty()) throw Error(table.source + ": no data rows to explain");
    const std::size_t features = pre.feature_names.size(), p = pre.encoded_columns();
    const FileColumns file_column = find_columns(pre, table);
    std::vector<std::map<std::string, std::size_t>> category_column(features);
    std::vector<std::size_t> first_column(features);
    for (std::size_t f = 0, c = 0; f < features; ++f) {
        first_column[f] = c;
        for (std::size_t k = 0; k < pre.categories[f].size(); ++k) category_column[f][pre.categories[f][k]] = c + k;
        c += width(pre, f);
    }

    EncodedRows out;
    const std::size_t n = table.rows.size();
    out.inputs = filled({n, p}, 0.0f);
    out.imputed.resize(n);
    float* x = out.inputs.data();
    CellList missing, unseen_cells;
    for (std::size_t r = 0; r < n; ++r) {
        const CsvRow& row = table.rows[r];
        out.lines.push_back(row.line);
        std::vector<std::string> cells;
        for (std::size_t f = 0; f < features; ++f) {
            const std::size_t column = file_column.feature[f];
            const std::string& cell = row.fields[column];
            cells.push_back(cell);
            if (is_missing_cell(cell, pre.missing_markers) && pre.missing == MissingValues::refuse) {
                missing.add(row.line, column + 1, pre.feature_names[f], cell);
            } else if (!pre.categories[f].empty() && unseen == UnseenCategory::error &&
                       !is_missing_cell(cell, pre.missing_markers) && !category_column[f].count(cell)) {
                unseen_cells.add(row.line, column + 1, pre.feature_names[f], cell);
            } else {
                const std::string where = table.source + ":" + std::to_string(row.line) + ": column " +
                                          std::to_string(column + 1) + " '" + pre.feature_names[f] + "': ";
                encode_cell(pre, f, cell, first_column[f], category_column[f], unseen, x + r * p, where,
                            out.imputed[r]);
            }
        }
        out.cells.push_back(std::move(cells));
        if (file_column.target < table.header.size()) out.targets.push_back(row.fields[file_column.target]);
    }
    if (!missing.empty())
        throw Error(table.source + ": " + std::to_string(missing.count()) + " missing cell(s), at " + missing.text() +
                    "; the model was trained with --missing refuse, so it has no values to fill them with");
    if (!unseen_cells.empty())
        throw Error(table.source + ": " + std::to_string(unseen_cells.count()) +
                    " cell(s) hold categories not seen in training, at " + unseen_cells.text() +
                    "; pass --unseen-category zeros (all-zero one-hot group) or most-frequent");
    if (pre.missing == MissingValues::refuse) out.imputed.clear();
    // As encode_tabular: the raw value as float, standardised in double, so that a training
    // row encodes to the same bits here as it did for training.
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < p; ++c)
            x[r * p + c] = static_cast<float>((x[r * p + c] - pre.centre[c]) / pre.scale[c]);
    return out;
}

UnseenCategory parse_unseen_category(const std::string& text, const std::string& argument) {
    if (text == "error") return UnseenCategory::error;
    if (text == "zeros") return UnseenCategory::all_zeros;
    if (text == "most-frequent") return UnseenCategory::most_frequent;
    throw Error(argument + " " + text + ": expected error, zeros or most-frequent");
}

std::string missing_cells_note(const TabularPreprocessing& pre) { return missing_values_note(pre.missing); }

}  // namespace agop
