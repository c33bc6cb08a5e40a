#pragma once
// UCI Adult (Census Income; Becker & Kohavi 1996) from its original files.
//
// adult.data (training) and adult.test (test): ", "-separated, no header, 15 columns, "?"
// for a missing value; adult.test starts with "|1x3 Cross validator" and its labels end in
// ".". Rows with a missing value are dropped (30,162 of 32,561 training rows and 15,060 of
// 16,281 test rows remain). All 14 attributes are kept: the six numeric ones (age, fnlwgt,
// education-num, capital-gain, capital-loss, hours-per-week) standardised, the eight
// categorical ones one-hot (tabular_encoding.hpp). Classes: "<=50K" = 0, ">50K" = 1.

#include <string>

#include "data/tabular_dataset.hpp"

namespace agop {

// From `data_dir` (or $AGOP_DATA_DIR when empty): adult/adult.data and adult/adult.test.
TabularDataset load_adult(const std::string& data_dir = "");
TabularDataset load_adult_files(const std::string& train_path, const std::string& test_path);

}  // namespace agop
