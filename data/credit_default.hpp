#pragma once
// Default of credit card clients (Yeh & Lien 2009), from the widely circulated CSV form of
// UCI's spreadsheet, UCI_Credit_Card.csv: a header, ID first (dropped), target
// default.payment.next.month last (classes "0" and "1"; copies that name it "default payment
// next month" or "fraud" are accepted too). SEX, EDUCATION and MARRIAGE are codes
// without an order and are one-hot encoded; the other 20 columns are numeric and
// standardised. The file has no test split: a seeded stratified 80/20 split is drawn.

#include <cstdint>
#include <string>

#include "data/tabular_dataset.hpp"

namespace agop {

// From `data_dir` (or $AGOP_DATA_DIR when empty): credit-default/UCI_Credit_Card.csv.
TabularDataset load_credit_default(const std::string& data_dir = "", std::uint64_t seed = 0);
TabularDataset load_credit_default_file(const std::string& csv_path, std::uint64_t seed = 0);

}  // namespace agop
