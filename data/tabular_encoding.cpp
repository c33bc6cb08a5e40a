#include "data/tabular_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "autodiff/error.hpp"
#include "data/file_bytes.hpp"

namespace agop {

namespace {

// One encoded column: which feature it comes from; for one-hot columns its category.
struct EncodedColumn {
    std::size_t feature;
    bool one_hot;
    std::string category;
};

[[noreturn]] void cell_error(const RawTable& table, std::size_t row, std::size_t file_column,
                             const std::string& what) {
    throw Error(table.source + ":" + std::to_string(table.lines[row]) + ": column " + std::to_string(file_column) +
                ": " + what);
}

bool imputes(MissingValues policy) {
    return policy == MissingValues::mean || policy == MissingValues::median || policy == MissingValues::category;
}

ColumnKind kind_of(const RawSchema& schema, std::size_t f) { return schema.kinds[f]; }

DateFormat date_format_of(const RawSchema& schema, std::size_t f) {
    return f < schema.date_formats.size() ? schema.date_formats[f] : DateFormat::none;
}

// The cell as the encoding reads it: a missing categorical cell under `category` is "(missing)".
const std::string& effective_cell(const std::string& cell, ColumnKind kind, const EncodingOptions& options) {
    static const std::string missing_category = kMissingCategory;
    if (options.missing == MissingValues::category && kind == ColumnKind::categorical &&
        is_missing_cell(cell, options.missing_markers))
        return missing_category;
    return cell;
}

// The encoded columns, in feature order; fills the dataset's names, groups and categories.
std::vector<EncodedColumn> plan_columns(const RawTable& train, const RawSchema& schema, const EncodingOptions& options,
                                        TabularDataset& ds) {
    const std::size_t n_features = schema.kinds.size();
    std::vector<EncodedColumn> columns;
    ds.feature_categories.assign(n_features, {});
    ds.feature_date_formats.assign(n_features, DateFormat::none);
    for (std::size_t f = 0; f < n_features; ++f) {
        if (kind_of(schema, f) == ColumnKind::numeric) {
            columns.push_back({f, false, ""});
            ds.column_names.push_back(schema.feature_names[f]);
            continue;
        }
        if (kind_of(schema, f) == ColumnKind::date) {
            ds.feature_date_formats[f] = date_format_of(schema, f);
            for (const auto& name : date_column_names(schema.feature_names[f])) {
                columns.push_back({f, false, ""});
                ds.column_names.push_back(name);
            }
            continue;
        }
        std::set<std::string> categories;
        for (const auto& row : (options.category_rows ? *options.category_rows : train).features) {
            const std::string& cell = effective_cell(row[f], ColumnKind::categorical, options);
            if (!imputes(options.missing) || !is_missing_cell(cell, options.missing_markers)) categories.insert(cell);
        }
        for (const auto& category : categories) {
            ds.feature_categories[f].push_back(category);
            columns.push_back({f, true, category});
            ds.column_names.push_back(schema.feature_names[f] + "=" + category);
        }
    }
    for (const auto& column : columns) ds.feature_groups.push_back(column.feature);
    return columns;
}

// One numeric or date cell into its encoded column(s) of `out` (row r, first column c).
void encode_value(const RawTable& table, std::size_t r, const RawSchema& schema, std::size_t f, const std::string& cell,
                  float* out) {
    const std::string where = "'" + printable_excerpt(cell) + "' in " +
                              (kind_of(schema, f) == ColumnKind::date ? "date" : "numeric") + " column '" +
                              schema.feature_names[f] + "'";
    if (kind_of(schema, f) == ColumnKind::date) {
        DateParts parts;
        if (!parse_date(cell, date_format_of(schema, f), parts))
            cell_error(
                table, r, schema.file_columns[f],
                where + " is not a date in the column's format (" + date_format_name(date_format_of(schema, f)) + ")");
        out[0] = static_cast<float>(parts.days);
        out[1] = static_cast<float>(parts.month);
        out[2] = static_cast<float>(parts.weekday);
        return;
    }
    double value;
    if (!parse_number(cell, value)) cell_error(table, r, schema.file_columns[f], where + " is not a number");
    if (std::fabs(value) > FLT_MAX)
        cell_error(table, r, schema.file_columns[f], where + " is beyond float32's range (about 3.4e38)");
    out[0] = static_cast<float>(value);
}

// (rows, p) encoded, unstandardised values of one split; under an imputing policy missing
// cells are NaN (the whole group of the feature), filled in later.
Tensor encode_rows(const RawTable& table, const RawSchema& schema, const std::vector<EncodedColumn>& columns,
                   const EncodingOptions& options) {
    const std::size_t rows = table.features.size(), p = columns.size(), n_features = schema.kinds.size();
    Tensor x = filled({rows, p}, 0.0f);
    float* out = x.data();
    std::vector<std::size_t> first_column(n_features, 0);
    std::vector<std::map<std::string, std::size_t>> category_column(n_features);
    for (std::size_t c = p; c-- > 0;) {
        first_column[columns[c].feature] = c;
        if (columns[c].one_hot) category_column[columns[c].feature][columns[c].category] = c;
    }
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t f = 0; f < n_features; ++f) {
            const std::string& cell = effective_cell(table.features[r][f], kind_of(schema, f), options);
            if (imputes(options.missing) && is_missing_cell(cell, options.missing_markers)) {
                for (std::size_t c = first_column[f]; c < p && columns[c].feature == f; ++c)
                    out[r * p + c] = std::nanf("");
            } else if (kind_of(schema, f) != ColumnKind::categorical) {
                encode_value(table, r, schema, f, cell, out + r * p + first_column[f]);
            } else {
                const auto it = category_column[f].find(cell);
                if (it != category_column[f].end()) out[r * p + it->second] = 1.0f;
            }
        }
    }
    return x;
}

double median_of(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// Fill values from the present training cells (mean or median; the most frequent category),
// then the NaN cells of both splits take them.
void fill_missing(TabularDataset& ds, const std::vector<EncodedColumn>& columns, const RawSchema& schema,
                  const RawTable& train, const EncodingOptions& options) {
    const std::size_t p = columns.size(), n_train = train.features.size();
    ds.fill_values.assign(p, 0.0);
    ds.most_frequent_category.assign(schema.kinds.size(), "");
    for (std::size_t c = 0; c < p;) {
        std::size_t last = c;
        while (last < p && columns[last].feature == columns[c].feature) ++last;
        std::vector<double> present;
        for (std::size_t k = c; k < last; ++k) {
            present.clear();
            std::size_t ones = 0;
            for (std::size_t r = 0; r < n_train; ++r) {
                const float v = ds.X_train.data()[r * p + k];
                if (std::isnan(v)) continue;
                present.push_back(v);
                ones += v == 1.0f;
            }
            if (present.empty())
                throw Error(train.source + ": column '" + schema.feature_names[columns[c].feature] +
                            "' has no value in the training split to impute missing cells from");
            if (columns[k].one_hot) {
                ds.fill_values[k] = static_cast<double>(ones);  // counts for now
            } else if (options.missing == MissingValues::median) {
                ds.fill_values[k] = median_of(present);
            } else {
                double sum = 0.0;
                for (double v : present) sum += v;
                ds.fill_values[k] = sum / static_cast<double>(present.size());
            }
        }
        if (columns[c].one_hot) {  // counts -> one-hot of the most frequent (first in order on ties)
            const auto top =
                std::max_element(ds.fill_values.begin() + c, ds.fill_values.begin() + last) - ds.fill_values.begin();
            ds.most_frequent_category[columns[c].feature] = columns[top].category;
            for (std::size_t k = c; k < last; ++k) ds.fill_values[k] = k == static_cast<std::size_t>(top);
        }
        c = last;
    }
    for (Tensor* x : {&ds.X_train, &ds.X_test})
        for (std::size_t r = 0; r < x->shape()[0]; ++r)
            for (std::size_t c = 0; c < p; ++c)
                if (std::isnan(x->data()[r * p + c])) x->data()[r * p + c] = static_cast<float>(ds.fill_values[c]);
}

// Numeric and date columns standardised with training statistics (accumulated in double).
void standardise(TabularDataset& ds, const std::vector<EncodedColumn>& columns) {
    const std::size_t p = columns.size(), n_train = ds.X_train.shape()[0];
    ds.standardisation_centre.assign(p, 0.0);
    ds.standardisation_scale.assign(p, 1.0);
    for (std::size_t c = 0; c < p; ++c) {
        if (columns[c].one_hot) continue;
        double sum = 0.0, sum_sq = 0.0;
        for (std::size_t r = 0; r < n_train; ++r) sum += ds.X_train.data()[r * p + c];
        const double mean = sum / static_cast<double>(n_train);
        for (std::size_t r = 0; r < n_train; ++r) {
            const double d = ds.X_train.data()[r * p + c] - mean;
            sum_sq += d * d;
        }
        const double sd = std::sqrt(sum_sq / static_cast<double>(n_train));
        ds.standardisation_centre[c] = mean;
        ds.standardisation_scale[c] = sd > 0.0 ? sd : 1.0;
    }
    for (Tensor* x : {&ds.X_train, &ds.X_test}) {
        float* v = x->data();
        const std::size_t rows = x->shape()[0];
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < p; ++c)
                v[r * p + c] = static_cast<float>((v[r * p + c] - ds.standardisation_centre[c]) /
                                                  ds.standardisation_scale[c]);
    }
    ds.training_means = filled({p}, 0.0f);
    for (std::size_t c = 0; c < p; ++c) {
        double sum = 0.0;
        for (std::size_t r = 0; r < n_train; ++r) sum += ds.X_train.data()[r * p + c];
        ds.training_means(c) = static_cast<float>(sum / static_cast<double>(n_train));
    }
}

// The distinct targets, in numeric order when all are numbers, else in text order.
std::vector<std::string> ordered_class_names(const std::vector<std::string>& targets) {
    const std::set<std::string> distinct(targets.begin(), targets.end());
    std::vector<std::pair<double, std::string>> numbers;
    for (const auto& name : distinct) {
        double value;
        if (!parse_number(name, value)) return {distinct.begin(), distinct.end()};
        numbers.emplace_back(value, name);
    }
    std::sort(numbers.begin(), numbers.end());
    std::vector<std::string> names;
    for (const auto& number : numbers) names.push_back(number.second);
    return names;
}

std::vector<double> target_values(const RawTable& table) {
    std::vector<double> values(table.targets.size());
    for (std::size_t r = 0; r < values.size(); ++r)
        if (!parse_number(table.targets[r], values[r]))
            throw Error(table.source + ":" + std::to_string(table.lines[r]) + ": target '" +
                        printable_excerpt(table.targets[r]) + "' is not a number, as a regression target must be");
    return values;
}

void encode_targets(TabularDataset& ds, const RawTable& train, const RawTable& test, bool regression) {
    ds.y_train.assign(train.targets.size(), 0);
    ds.y_test.assign(test.targets.size(), 0);
    if (regression) {
        ds.regression = true;
        ds.y_train_values = target_values(train);
        ds.y_test_values = target_values(test);
        return;
    }
    ds.class_names = ordered_class_names(train.targets);
    std::map<std::string, int> class_index;
    for (std::size_t k = 0; k < ds.class_names.size(); ++k) class_index[ds.class_names[k]] = static_cast<int>(k);
    for (std::size_t r = 0; r < train.targets.size(); ++r) ds.y_train[r] = class_index.at(train.targets[r]);
    for (std::size_t r = 0; r < test.targets.size(); ++r) {
        const auto it = class_index.find(test.targets[r]);
        if (it == class_index.end())
            throw Error(test.source + ":" + std::to_string(test.lines[r]) + ": target '" + test.targets[r] +
                        "' does not occur in the training split");
        ds.y_test[r] = it->second;
    }
}

}  // namespace

const std::vector<std::string>& default_missing_markers() {
    static const std::vector<std::string> markers{"",     "#N/A",   "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN",
                                                  "-nan", "1.#IND", "1.#QNAN",  "<NA>", "N/A",     "NA",       "NULL",
                                                  "NaN",  "None",   "n/a",      "nan",  "null",    "?"};
    return markers;
}

bool is_missing_cell(const std::string& text, const std::vector<std::string>& markers) {
    return std::find(markers.begin(), markers.end(), text) != markers.end();
}

bool parse_number(const std::string& text, double& value) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
    errno = 0;
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return errno == 0 && end == text.c_str() + text.size() && std::isfinite(value);
}

TabularDataset encode_tabular(const RawTable& train, const RawTable& test, const RawSchema& schema,
                              const std::string& name, const EncodingOptions& options) {
    const std::size_t n_features = schema.kinds.size();
    if (schema.feature_names.size() != n_features || schema.file_columns.size() != n_features ||
        (!schema.date_formats.empty() && schema.date_formats.size() != n_features))
        throw Error(name + ": the column description lists " + std::to_string(schema.feature_names.size()) +
                    " names, " + std::to_string(n_features) + " kinds and " +
                    std::to_string(schema.file_columns.size()) + " file columns; they must agree");
    if (train.features.empty()) throw Error(train.source + ": the training split has no rows");

    TabularDataset ds;
    ds.name = name;
    ds.feature_names = schema.feature_names;
    ds.missing_markers = options.missing_markers;
    ds.missing_policy = missing_values_name(options.missing);
    const std::vector<EncodedColumn> columns = plan_columns(train, schema, options, ds);
    ds.X_train = encode_rows(train, schema, columns, options);
    ds.X_test = encode_rows(test, schema, columns, options);
    fill_missing(ds, columns, schema, train, options);
    standardise(ds, columns);
    encode_targets(ds, train, test, options.regression);
    return ds;
}

namespace {

// Every policy: its word (--missing, the checkpoint's preprocessing) and what it does to the
// missing cells of new rows.
struct MissingValuesFacts {
    MissingValues policy;
    const char* word;
    const char* note;
};
constexpr MissingValuesFacts kMissingValues[] = {
    {MissingValues::refuse, "refuse", ""},
    {MissingValues::drop, "drop",
     "the model was trained with --missing drop: missing cells of these rows take the training mean "
     "(numeric, date) or most frequent category"},
    {MissingValues::mean, "mean", "missing cells take the training mean or most frequent category"},
    {MissingValues::median, "median", "missing cells take the training median or most frequent category"},
    {MissingValues::category, "category",
     "missing categorical cells are the category '(missing)'; numeric ones take the training mean"},
};

const MissingValuesFacts& facts_of(MissingValues policy) {
    for (const MissingValuesFacts& facts : kMissingValues)
        if (facts.policy == policy) return facts;
    return kMissingValues[0];
}

}  // namespace

MissingValues parse_missing_values(const std::string& text, const std::string& argument) {
    for (const MissingValuesFacts& facts : kMissingValues)
        if (text == facts.word) return facts.policy;
    throw Error(argument + " " + printable_excerpt(text) + ": expected refuse, drop, mean, median or category");
}

std::string missing_values_name(MissingValues policy) { return facts_of(policy).word; }

std::string missing_values_note(MissingValues policy) { return facts_of(policy).note; }

}  // namespace agop
