#include "data/explanation_files.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "autodiff/error.hpp"
#include "data/tabular_encoding.hpp"

namespace agop {

namespace {

std::string number(double v) {
    if (!std::isfinite(v)) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", v);
    return text;
}

std::string json_number(double v) { return std::isfinite(v) ? number(v) : "null"; }

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", c);
            out += escape;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string json_strings(const std::vector<std::string>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + json_string(values[i]);
    return out + "]";
}

std::string json_setting(const SettingValue& value) {
    if (const auto* whole = std::get_if<std::uint64_t>(&value)) return std::to_string(*whole);
    if (const auto* real = std::get_if<double>(&value)) return json_number(*real);
    return json_string(std::get<std::string>(value));
}

std::string joined(const std::vector<std::string>& names, const char* separator) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? separator : "") + names[i];
    return out;
}

}  // namespace

std::string csv_quoted(const std::string& s) {
    std::string quoted = "\"";
    for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string csv_field(const std::string& s) {
    return s.find_first_of(",\"\r\n") == std::string::npos ? s : csv_quoted(s);
}

Tensor sum_feature_groups(const Tensor& a, const std::vector<std::size_t>& groups, std::size_t features) {
    if (a.dimension() != 2 || a.shape()[1] != groups.size())
        throw Error("sum_feature_groups: attributions " + shape_string(a) + " need one column per group entry (" +
                    std::to_string(groups.size()) + ")");
    const std::size_t n = a.shape()[0], p = groups.size();
    Tensor out = filled({n, features}, 0.0f);
    for (std::size_t c = 0; c < p; ++c)
        if (groups[c] >= features)
            throw Error("sum_feature_groups: column " + std::to_string(c) + " names feature " +
                        std::to_string(groups[c]) + " of " + std::to_string(features));
    for (std::size_t r = 0; r < n; ++r) {
        std::vector<double> sums(features, 0.0);
        for (std::size_t c = 0; c < p; ++c) sums[groups[c]] += a.data()[r * p + c];
        for (std::size_t f = 0; f < features; ++f) out.data()[r * features + f] = static_cast<float>(sums[f]);
    }
    return out;
}

void check_tabular_explanation(const TabularExplanation& e) {
    auto fail = [](const std::string& what) { throw Error("tabular explanation: " + what); };
    if (e.attributions.dimension() != 2)
        fail("attributions must be (rows, columns), got " + shape_string(e.attributions));
    const std::size_t n = e.attributions.shape()[0], p = e.attributions.shape()[1], f = e.feature_names.size();
    if (e.column_names.size() != p || e.feature_groups.size() != p)
        fail(std::to_string(p) + " attribution columns but " + std::to_string(e.column_names.size()) +
             " column names and " + std::to_string(e.feature_groups.size()) + " groups");
    if (e.numeric_features.size() != f) fail("one kind per feature is needed");
    const std::size_t per_class = e.regression ? 0 : n, per_value = e.regression ? n : 0;
    if (e.lines.size() != n || e.data.size() != n || e.predicted_class.size() != per_class ||
        e.probability.size() != per_class || e.explained_class.size() != per_class ||
        e.predicted_value.size() != per_value || e.base_values.size() != n ||
        (!e.imputed.empty() && e.imputed.size() != n))
        fail("every per-row list needs " + std::to_string(n) + " entries");
    for (const auto& row : e.data)
        if (row.size() != f) fail("every data row needs " + std::to_string(f) + " cells");
    for (std::size_t r = 0; r < per_class; ++r)
        for (int k : {e.predicted_class[r], e.explained_class[r]})
            if (k < 0 || static_cast<std::size_t>(k) >= e.class_names.size())
                fail("row " + std::to_string(r) + " names class " + std::to_string(k) + " of " +
                     std::to_string(e.class_names.size()));
}

void complete_tabular_explanation(TabularExplanation& e) {
    check_tabular_explanation(e);
    const std::size_t n = e.lines.size(), f = e.feature_names.size();
    e.values = sum_feature_groups(e.attributions, e.feature_groups, f);
    e.cell_numbers.assign(n * f, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t j = 0; j < f; ++j) {
            double v;
            if (e.numeric_features[j] && parse_number(e.data[r][j], v)) e.cell_numbers[r * f + j] = v;
        }
}

std::string attributions_csv_header(const TabularExplanation& e, bool per_column) {
    std::string out = e.regression ? "line,predicted_value" : "line,predicted_class,probability,explained_class";
    for (const auto& name : e.feature_names) out += "," + csv_field(name);
    if (per_column)
        for (const auto& name : e.column_names) out += "," + csv_field(name);
    return out + (e.imputed.empty() ? "\n" : ",imputed\n");
}

std::string attributions_csv(const TabularExplanation& e, bool per_column) {
    std::string out = attributions_csv_header(e, per_column);
    const std::size_t n = e.lines.size(), f = e.feature_names.size(), p = e.column_names.size();
    for (std::size_t r = 0; r < n; ++r) {
        out += std::to_string(e.lines[r]) + ",";
        if (e.regression)
            out += number(e.predicted_value[r]);
        else
            out += csv_field(e.class_names[e.predicted_class[r]]) + "," + number(e.probability[r]) + "," +
                   csv_field(e.class_names[e.explained_class[r]]);
        for (std::size_t j = 0; j < f; ++j) out += "," + number(e.values.data()[r * f + j]);
        if (per_column)
            for (std::size_t c = 0; c < p; ++c) out += "," + number(e.attributions.data()[r * p + c]);
        if (!e.imputed.empty()) out += "," + csv_field(joined(e.imputed[r], ";"));
        out += "\n";
    }
    return out;
}

namespace {

// Row r's entry of a JSON list, with the comma that follows the entry before it.
std::string item(bool first, const std::string& text) { return (first ? "" : ",") + text; }

// Row r's line of a list of rows ("\n  [...]"), as the lists of (n, k) matrices are laid out.
std::string matrix_row(bool first, const float* values, std::size_t k) {
    std::string out = first ? "\n  [" : ",\n  [";
    for (std::size_t c = 0; c < k; ++c) out += (c ? "," : "") + json_number(values[c]);
    return out + "]";
}

// Row r of the raw cells: numbers for numeric features, strings otherwise.
std::string data_row(const TabularExplanation& e, std::size_t r, bool first) {
    const std::size_t f = e.feature_names.size();
    std::string out = first ? "\n  [" : ",\n  [";
    for (std::size_t j = 0; j < f; ++j) {
        const double v = e.cell_numbers[r * f + j];
        out += (j ? "," : "") + (std::isnan(v) ? json_string(e.data[r][j]) : number(v));
    }
    return out + "]";
}

// The per-row lists in file order: values, base_values, data, lines, the outcomes
// (predicted_value, or predicted_class, probability, explained_class), imputed, column_values.
std::vector<const char*> row_list_names(const TabularExplanation& e) {
    std::vector<const char*> names{"values", "base_values", "data", "lines"};
    if (e.regression)
        names.push_back("predicted_value");
    else
        names.insert(names.end(), {"predicted_class", "probability", "explained_class"});
    if (!e.imputed.empty()) names.push_back("imputed");
    names.push_back("column_values");
    return names;
}

}  // namespace

std::size_t explanation_json_row_lists(const TabularExplanation& e) { return row_list_names(e).size(); }

std::vector<std::string> explanation_json_rows(const TabularExplanation& e, bool first_rows) {
    const std::size_t n = e.lines.size(), f = e.feature_names.size(), p = e.column_names.size();
    std::vector<std::string> lists;
    for (const std::string name : row_list_names(e)) {
        std::string out;
        for (std::size_t r = 0; r < n; ++r) {
            const bool first = first_rows && r == 0;
            if (name == "values") out += matrix_row(first, e.values.data() + r * f, f);
            if (name == "base_values") out += item(first, json_number(e.base_values[r]));
            if (name == "data") out += data_row(e, r, first);
            if (name == "lines") out += item(first, std::to_string(e.lines[r]));
            if (name == "predicted_value") out += item(first, json_number(e.predicted_value[r]));
            if (name == "predicted_class") out += item(first, json_string(e.class_names[e.predicted_class[r]]));
            if (name == "probability") out += item(first, json_number(e.probability[r]));
            if (name == "explained_class") out += item(first, json_string(e.class_names[e.explained_class[r]]));
            if (name == "imputed") out += item(first, json_strings(e.imputed[r]));
            if (name == "column_values") out += matrix_row(first, e.attributions.data() + r * p, p);
        }
        lists.push_back(std::move(out));
    }
    return lists;
}

void write_explanation_json(std::ostream& out, const TabularExplanation& e,
                            const std::function<void(std::size_t list)>& write_rows) {
    const std::vector<const char*> names = row_list_names(e);
    std::size_t list = 0;
    auto rows = [&](const char* lead) {
        out << lead << "\"" << names[list] << "\": [";
        write_rows(list++);
        out << "]";
    };
    rows("{\n");
    rows(",\n");
    rows(",\n");
    out << ",\n\"feature_names\": " << json_strings(e.feature_names);
    out << ",\n\"output_names\": " << json_strings(e.class_names);
    out << ",\n\"method\": " << json_string(e.method) << ",\n\"settings\": {";
    for (std::size_t i = 0; i < e.settings.size(); ++i)
        out << (i ? ", " : "") << json_string(e.settings[i].first) << ": " << json_setting(e.settings[i].second);
    out << "},\n\"model_output\": " << json_string(e.model_output);
    out << ",\n\"base_values_meaning\": " << json_string(e.base_values_meaning);
    out << ",\n\"model_checksum\": " << json_string(e.model_checksum);
    out << ",\n\"agop_version\": " << json_string(e.agop_version);
    while (list + 1 < names.size()) rows(",\n");
    out << ",\n\"column_names\": " << json_strings(e.column_names);
    rows(",\n");
    out << "\n}\n";
}

std::string explanation_json(const TabularExplanation& e) {
    const std::vector<std::string> lists = explanation_json_rows(e, true);
    std::ostringstream out;
    write_explanation_json(out, e, [&](std::size_t list) { out << lists[list]; });
    return out.str();
}

}  // namespace agop
