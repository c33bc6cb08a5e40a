#pragma once
// The preprocessing a tabular model was trained with, kept so that new raw rows can be
// encoded exactly as the training rows were (tabular_encoding.hpp): which file columns are
// features, of which kind, the categories of each categorical feature in one-hot order, the
// standardisation of every encoded column, the class names and the target column.
//
// `agop train` stores it in the checkpoint (cli/tabular_metadata.hpp); `agop explain --csv`
// reads it back and encodes the user's rows with encode_new_rows.

#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "data/csv.hpp"
#include "data/tabular_dataset.hpp"

namespace agop {

struct TabularPreprocessing {
    std::string target_column;
    std::vector<std::string> ignored_columns;          // accepted in new files, not used
    std::vector<std::string> feature_names;            // (F) in encoding order
    std::vector<std::vector<std::string>> categories;  // (F) one-hot order; empty: numeric feature
    std::vector<std::string> class_names;              // (C)
    std::vector<double> centre, scale;                 // (p) x' = (x - centre) / scale per encoded column
    std::vector<double> encoded_mean, encoded_std;     // (p) of the encoded training rows (std: population,
                                                       //     1 for a constant column, as LIME expects)

    std::size_t encoded_columns() const;
    bool is_numeric(std::size_t feature) const { return categories[feature].empty(); }
    // (p) "age", "workclass=Private", ... as TabularDataset::column_names.
    std::vector<std::string> column_names() const;
    // (p) encoded column -> feature index, as TabularDataset::feature_groups.
    std::vector<std::size_t> feature_groups() const;
};

// The preprocessing of an encoded data set (its training statistics).
TabularPreprocessing tabular_preprocessing(const TabularDataset& dataset);

// Throws Error naming `source` unless the sizes agree (p columns implied by the features and
// categories, C >= 1 class names, statistics finite, scales positive).
void check_tabular_preprocessing(const TabularPreprocessing& preprocessing, const std::string& source);

enum class UnseenCategory { error, all_zeros };

// New raw rows, encoded.
struct EncodedRows {
    Tensor inputs;                                // (n, p) encoded as in training
    std::vector<std::size_t> lines;               // (n) 1-based file line of each row
    std::vector<std::vector<std::string>> cells;  // (n, F) the raw feature cells, feature order
    std::vector<std::string> targets;             // (n) the target cells; empty when the file has none
    std::vector<std::vector<std::string>> imputed;  // (n) columns whose cell was imputed; empty: none imputed
};

// Encodes the rows of `table` (a CSV with a header). Columns may come in any order; the
// target column may be absent; ignored columns are skipped. Throws Error naming the file:
// a missing feature column, a column the model does not know (by name), an empty table; and
// naming file, line, column and value: a numeric cell that is not a number, a category not
// seen in training (unless `unseen` is all_zeros: then its one-hot group is all zeros).
EncodedRows encode_new_rows(const TabularPreprocessing& preprocessing, const CsvTable& table,
                            UnseenCategory unseen = UnseenCategory::error);

}  // namespace agop
