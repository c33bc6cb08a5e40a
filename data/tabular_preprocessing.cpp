#include "data/tabular_preprocessing.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "autodiff/error.hpp"
#include "data/tabular_encoding.hpp"

namespace agop {

std::size_t TabularPreprocessing::encoded_columns() const {
    std::size_t p = 0;
    for (const auto& c : categories) p += c.empty() ? 1 : c.size();
    return p;
}

std::vector<std::string> TabularPreprocessing::column_names() const {
    std::vector<std::string> names;
    for (std::size_t f = 0; f < feature_names.size(); ++f) {
        if (is_numeric(f)) names.push_back(feature_names[f]);
        for (const auto& category : categories[f]) names.push_back(feature_names[f] + "=" + category);
    }
    return names;
}

std::vector<std::size_t> TabularPreprocessing::feature_groups() const {
    std::vector<std::size_t> groups;
    for (std::size_t f = 0; f < feature_names.size(); ++f)
        groups.insert(groups.end(), is_numeric(f) ? 1 : categories[f].size(), f);
    return groups;
}

TabularPreprocessing tabular_preprocessing(const TabularDataset& ds) {
    TabularPreprocessing pre;
    pre.target_column = ds.target_column;
    pre.ignored_columns = ds.ignored_columns;
    pre.feature_names = ds.feature_names;
    pre.categories = ds.feature_categories;
    pre.class_names = ds.class_names;
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
    if (pre.feature_names.empty()) fail("no features");
    if (pre.categories.size() != pre.feature_names.size())
        fail(std::to_string(pre.feature_names.size()) + " features but " + std::to_string(pre.categories.size()) +
             " category lists");
    if (pre.class_names.empty()) fail("no class names");
    const std::size_t p = pre.encoded_columns();
    for (const auto* v : {&pre.centre, &pre.scale, &pre.encoded_mean, &pre.encoded_std})
        if (v->size() != p)
            fail("a statistic has " + std::to_string(v->size()) + " entries for " + std::to_string(p) +
                 " encoded columns");
    for (std::size_t c = 0; c < p; ++c)
        if (!std::isfinite(pre.centre[c]) || !std::isfinite(pre.encoded_mean[c]) || !(pre.scale[c] > 0.0) ||
            !std::isfinite(pre.scale[c]) || !(pre.encoded_std[c] > 0.0) || !std::isfinite(pre.encoded_std[c]))
            fail("encoded column " + std::to_string(c) + " has a non-finite statistic or a scale that is not positive");
}

EncodedRows encode_new_rows(const TabularPreprocessing& pre, const CsvTable& table, UnseenCategory unseen) {
    check_tabular_preprocessing(pre, table.source);
    if (table.rows.empty()) throw Error(table.source + ": no data rows to explain");
    const std::size_t features = pre.feature_names.size(), p = pre.encoded_columns();

    // file column of each feature; the target's file column, if present
    std::vector<std::size_t> file_column(features, table.header.size());
    std::size_t target_column = table.header.size();
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const std::string& name = table.header[c];
        const auto f = std::find(pre.feature_names.begin(), pre.feature_names.end(), name);
        if (f != pre.feature_names.end()) {
            file_column[static_cast<std::size_t>(f - pre.feature_names.begin())] = c;
        } else if (name == pre.target_column && !name.empty()) {
            target_column = c;
        } else if (std::find(pre.ignored_columns.begin(), pre.ignored_columns.end(), name) ==
                   pre.ignored_columns.end()) {
            throw Error(table.source + ":1: column " + std::to_string(c + 1) + " '" + name +
                        "' is not a feature of the model (nor its target '" + pre.target_column +
                        "'); remove it from the file");
        }
    }
    for (std::size_t f = 0; f < features; ++f)
        if (file_column[f] == table.header.size())
            throw Error(table.source + ":1: the model's feature column '" + pre.feature_names[f] + "' is missing");

    std::vector<std::map<std::string, std::size_t>> category_column(features);
    std::vector<std::size_t> first_column(features);
    for (std::size_t f = 0, c = 0; f < features; ++f) {
        first_column[f] = c;
        for (const auto& category : pre.categories[f]) category_column[f][category] = c++;
        if (pre.is_numeric(f)) ++c;
    }

    EncodedRows out;
    const std::size_t n = table.rows.size();
    out.inputs = filled({n, p}, 0.0f);
    float* x = out.inputs.data();
    for (std::size_t r = 0; r < n; ++r) {
        const CsvRow& row = table.rows[r];
        out.lines.push_back(row.line);
        std::vector<std::string> cells;
        for (std::size_t f = 0; f < features; ++f) {
            const std::string& cell = row.fields[file_column[f]];
            cells.push_back(cell);
            auto where = [&] {
                return table.source + ":" + std::to_string(row.line) + ": column " +
                       std::to_string(file_column[f] + 1) + " '" + pre.feature_names[f] + "': ";
            };
            if (pre.is_numeric(f)) {
                double value;
                if (!parse_number(cell, value)) throw Error(where() + "'" + cell + "' is not a number");
                x[r * p + first_column[f]] = static_cast<float>(value);
                continue;
            }
            const auto it = category_column[f].find(cell);
            if (it != category_column[f].end()) {
                x[r * p + it->second] = 1.0f;
            } else if (unseen == UnseenCategory::error) {
                throw Error(where() + "category '" + cell +
                            "' was not seen in training (pass --unseen-category zeros to encode it as all zeros)");
            }
        }
        out.cells.push_back(std::move(cells));
        if (target_column < table.header.size()) out.targets.push_back(row.fields[target_column]);
    }
    // As encode_tabular: the raw value as float, standardised in double, so that a training
    // row encodes to the same bits here as it did for training.
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < p; ++c)
            x[r * p + c] = static_cast<float>((x[r * p + c] - pre.centre[c]) / pre.scale[c]);
    return out;
}

}  // namespace agop
