#include "data/adult.hpp"

#include <fstream>
#include <iterator>

#include "autodiff/error.hpp"
#include "data/csv.hpp"
#include "data/data_location.hpp"
#include "data/tabular_encoding.hpp"

namespace agop {

namespace {

const char* const kColumns[] = {"age",          "workclass",      "fnlwgt",       "education",
                                "education-num", "marital-status", "occupation",   "relationship",
                                "race",         "sex",            "capital-gain", "capital-loss",
                                "hours-per-week", "native-country"};
constexpr std::size_t kFeatures = 14;

bool is_numeric(std::size_t feature) {
    return feature == 0 || feature == 2 || feature == 4 || feature == 10 || feature == 11 || feature == 12;
}

// The rows of one Adult file without missing values; `raw_rows` counts all rows read.
RawTable read_adult_file(const std::string& path, std::size_t& raw_rows) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open Adult file '" + path + "' (expected UCI's adult.data or adult.test)");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CsvFormat format;
    format.has_header = false;
    format.skip_lines = !text.empty() && text[0] == '|' ? 1 : 0;  // adult.test's "|1x3 Cross validator"
    const CsvTable table = parse_csv(text, path, format);
    if (table.rows.front().fields.size() != kFeatures + 1)
        throw Error(path + ":" + std::to_string(table.rows.front().line) + ": expected 15 fields (14 attributes "
                    "and the income label) but found " + std::to_string(table.rows.front().fields.size()));

    RawTable raw;
    raw.source = path;
    raw_rows = table.rows.size();
    for (const auto& row : table.rows) {
        bool missing = false;
        for (const auto& field : row.fields) missing = missing || field == "?";
        if (missing) continue;
        std::string label = row.fields[kFeatures];
        if (!label.empty() && label.back() == '.') label.pop_back();
        if (label != "<=50K" && label != ">50K")
            throw Error(path + ":" + std::to_string(row.line) + ": column 15: income label '" +
                        row.fields[kFeatures] + "' is neither <=50K nor >50K");
        raw.features.emplace_back(row.fields.begin(), row.fields.begin() + kFeatures);
        raw.targets.push_back(label);
        raw.lines.push_back(row.line);
    }
    return raw;
}

}  // namespace

TabularDataset load_adult_files(const std::string& train_path, const std::string& test_path) {
    RawSchema schema;
    for (std::size_t f = 0; f < kFeatures; ++f) {
        schema.feature_names.push_back(kColumns[f]);
        schema.kinds.push_back(is_numeric(f) ? ColumnKind::numeric : ColumnKind::categorical);
        schema.file_columns.push_back(f + 1);
    }
    std::size_t raw_train = 0, raw_test = 0;
    const RawTable train = read_adult_file(train_path, raw_train);
    const RawTable test = read_adult_file(test_path, raw_test);
    TabularDataset ds = encode_tabular(train, test, schema, "adult");
    ds.target_column = "income";  // the files have no header; this names column 15
    ds.raw_train_rows = raw_train;
    ds.raw_test_rows = raw_test;
    return ds;
}

TabularDataset load_adult(const std::string& data_dir) {
    const std::string dir = resolve_data_dir(data_dir);
    require_data_files(dir, {"adult/adult.data", "adult/adult.test"}, "Adult");
    return load_adult_files(dir + "/adult/adult.data", dir + "/adult/adult.test");
}

}  // namespace agop
