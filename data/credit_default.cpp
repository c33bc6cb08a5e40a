#include "data/credit_default.hpp"

#include "autodiff/error.hpp"
#include "data/csv_dataset.hpp"
#include "data/data_location.hpp"
#include "data/file_bytes.hpp"

namespace agop {

namespace {

// The target's name differs between copies in circulation: Kaggle's CSV writes
// "default.payment.next.month", UCI's spreadsheet "default payment next month", and some
// copies "fraud".
std::string credit_target_column(const std::string& csv_path) {
    const std::string text = read_file_bytes(csv_path, "the Credit Card Default CSV file");
    const CsvTable header = parse_csv(text.substr(0, text.find('\n')), csv_path);
    for (const char* name : {"default.payment.next.month", "default payment next month", "fraud"})
        for (const auto& column : header.header)
            if (column == name) return name;
    throw Error(csv_path + ":1: no target column; expected one named 'default.payment.next.month', "
                "'default payment next month' or 'fraud'");
}

}  // namespace

TabularDataset load_credit_default_file(const std::string& csv_path, std::uint64_t seed) {
    CsvDatasetConfig config;
    config.target_column = credit_target_column(csv_path);
    config.categorical_columns = {"SEX", "EDUCATION", "MARRIAGE"};
    config.drop_columns = {"ID"};
    config.undeclared_are_numeric = true;
    config.categories_from_every_row = false;  // the training split's categories: the reproduction's encoding
    config.test_fraction = 0.2;
    config.seed = seed;
    config.name = "credit-default";
    return load_csv_dataset(csv_path, config);
}

TabularDataset load_credit_default(const std::string& data_dir, std::uint64_t seed) {
    const std::string dir = resolve_data_dir(data_dir);
    require_data_files(dir, {"credit-default/UCI_Credit_Card.csv"}, "Credit Card Default");
    return load_credit_default_file(dir + "/credit-default/UCI_Credit_Card.csv", seed);
}

}  // namespace agop
