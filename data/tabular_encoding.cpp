#include "data/tabular_encoding.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// One encoded column: which feature it comes from and, for one-hot columns, its category.
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

// (rows, p) encoded, unstandardised values of one split.
Tensor encode_rows(const RawTable& table, const RawSchema& schema, const std::vector<EncodedColumn>& columns,
                   const std::vector<std::map<std::string, std::size_t>>& category_column) {
    const std::size_t rows = table.features.size(), p = columns.size();
    Tensor x = filled({rows, p}, 0.0f);
    float* out = x.data();
    std::vector<std::size_t> first_column(schema.kinds.size(), 0);
    for (std::size_t c = p; c-- > 0;) first_column[columns[c].feature] = c;
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t f = 0; f < schema.kinds.size(); ++f) {
            const std::string& cell = table.features[r][f];
            if (schema.kinds[f] == ColumnKind::numeric) {
                double value;
                if (!parse_number(cell, value))
                    cell_error(table, r, schema.file_columns[f],
                               "'" + cell + "' in numeric column '" + schema.feature_names[f] + "' is not a number");
                out[r * p + first_column[f]] = static_cast<float>(value);
            } else {
                const auto it = category_column[f].find(cell);
                if (it != category_column[f].end()) out[r * p + it->second] = 1.0f;
            }
        }
    }
    return x;
}

}  // namespace

bool parse_number(const std::string& text, double& value) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
    errno = 0;
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return errno == 0 && end == text.c_str() + text.size() && std::isfinite(value);
}

TabularDataset encode_tabular(const RawTable& train, const RawTable& test, const RawSchema& schema,
                              const std::string& name) {
    const std::size_t n_features = schema.kinds.size();
    if (schema.feature_names.size() != n_features || schema.file_columns.size() != n_features)
        throw Error("encode_tabular: schema lists " + std::to_string(schema.feature_names.size()) + " names, " +
                    std::to_string(n_features) + " kinds and " + std::to_string(schema.file_columns.size()) +
                    " file columns; they must agree");
    if (train.features.empty()) throw Error(train.source + ": the training split has no rows");

    TabularDataset ds;
    ds.name = name;
    ds.feature_names = schema.feature_names;

    std::set<std::string> classes(train.targets.begin(), train.targets.end());
    ds.class_names.assign(classes.begin(), classes.end());
    std::map<std::string, int> class_index;
    for (std::size_t k = 0; k < ds.class_names.size(); ++k) class_index[ds.class_names[k]] = static_cast<int>(k);

    std::vector<EncodedColumn> columns;
    std::vector<std::map<std::string, std::size_t>> category_column(n_features);
    ds.feature_categories.assign(n_features, {});
    for (std::size_t f = 0; f < n_features; ++f) {
        if (schema.kinds[f] == ColumnKind::numeric) {
            columns.push_back({f, false, ""});
            continue;
        }
        std::set<std::string> categories;
        for (const auto& row : train.features) categories.insert(row[f]);
        for (const auto& category : categories) {
            category_column[f][category] = columns.size();
            ds.feature_categories[f].push_back(category);
            columns.push_back({f, true, category});
        }
    }
    for (const auto& column : columns) {
        ds.feature_groups.push_back(column.feature);
        ds.column_names.push_back(schema.feature_names[column.feature] + (column.one_hot ? "=" + column.category : ""));
    }

    ds.X_train = encode_rows(train, schema, columns, category_column);
    ds.X_test = encode_rows(test, schema, columns, category_column);

    // Standardise numeric columns with training statistics (accumulated in double).
    const std::size_t p = columns.size(), n_train = train.features.size();
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

    ds.y_train.resize(n_train);
    for (std::size_t r = 0; r < n_train; ++r) ds.y_train[r] = class_index.at(train.targets[r]);
    ds.y_test.resize(test.targets.size());
    for (std::size_t r = 0; r < test.targets.size(); ++r) {
        const auto it = class_index.find(test.targets[r]);
        if (it == class_index.end())
            throw Error(test.source + ":" + std::to_string(test.lines[r]) + ": target '" + test.targets[r] +
                        "' does not occur in the training split");
        ds.y_test[r] = it->second;
    }
    return ds;
}

}  // namespace agop
