#pragma once
// The preprocessing a tabular model was trained with, kept so that new raw rows can be
// encoded exactly as the training rows were (tabular_encoding.hpp): which file columns are
// features, of which kind, the categories of each categorical feature in one-hot order, the
// date format of each date feature, the markers of missing cells and the policy that fills
// them, the standardisation of every encoded column, the class names (or regression) and the
// target column.
//
// `agop train` stores it in the checkpoint (cli/tabular_metadata.hpp); `agop explain --csv`
// reads it back and encodes the user's rows with encode_new_rows.

#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "data/csv.hpp"
#include "data/tabular_dataset.hpp"
#include "data/tabular_encoding.hpp"

namespace agop {

struct TabularPreprocessing {
    std::string target_column;
    std::vector<std::string> ignored_columns;          // accepted in new files, not used
    std::vector<std::string> feature_names;            // (F) in encoding order
    std::vector<std::vector<std::string>> categories;  // (F) one-hot order; empty: numeric or date feature
    std::vector<DateFormat> date_formats;              // (F) none except for date features
    std::vector<std::string> most_frequent;            // (F) training's most frequent category; "" otherwise
    std::vector<std::string> class_names;              // (C); empty for regression
    bool regression = false;
    std::vector<std::string> missing_markers = default_missing_markers();
    MissingValues missing = MissingValues::refuse;
    std::vector<double> fill;  // (p) raw value of each encoded column of a missing cell; may be empty under refuse
    std::vector<double> centre, scale;                 // (p) x' = (x - centre) / scale per encoded column
    std::vector<double> encoded_mean, encoded_std;     // (p) of the encoded training rows (std: population,
                                                       //     1 for a constant column, as LIME expects)

    std::size_t encoded_columns() const;
    // (date_formats and most_frequent may be left empty by a program that builds one by hand:
    // no dates, no most frequent category)
    bool is_date(std::size_t feature) const {
        return feature < date_formats.size() && date_formats[feature] != DateFormat::none;
    }
    bool is_numeric(std::size_t feature) const { return categories[feature].empty() && !is_date(feature); }
    // (p) "age", "workclass=Private", "day:days", ... as TabularDataset::column_names.
    std::vector<std::string> column_names() const;
    // (p) encoded column -> feature index, as TabularDataset::feature_groups.
    std::vector<std::size_t> feature_groups() const;
};

// The preprocessing of an encoded data set (its training statistics).
TabularPreprocessing tabular_preprocessing(const TabularDataset& dataset);

// Throws Error naming `source` unless the sizes agree (p columns implied by the features,
// categories and dates; C >= 1 class names unless regression), statistics finite, scales
// positive.
void check_tabular_preprocessing(const TabularPreprocessing& preprocessing, const std::string& source);

// A category not seen in training: refused, all zeros in its one-hot group, or the most
// frequent training category.
enum class UnseenCategory { error, all_zeros, most_frequent };

// "error", "zeros", "most-frequent" -> the choice; Error naming `argument` otherwise.
UnseenCategory parse_unseen_category(const std::string& text, const std::string& argument);

// New raw rows, encoded.
struct EncodedRows {
    Tensor inputs;                                // (n, p) encoded as in training
    std::vector<std::size_t> lines;               // (n) 1-based file line of each row
    std::vector<std::vector<std::string>> cells;  // (n, F) the raw feature cells, feature order
    std::vector<std::string> targets;             // (n) the target cells; empty when the file has none
    // (n) per row, the names of the columns whose cell was imputed; empty (size 0) when the
    // model's missing policy imputes nothing (refuse)
    std::vector<std::vector<std::string>> imputed;
};

// Encodes the rows of `table` (a CSV with a header). Columns may come in any order; the
// target column may be absent; ignored columns may be present or not. Missing cells (the
// stored markers) take the training fill values unless the model was trained with `refuse`
// (then they are refused, counted, the first ones listed); under `category` a missing
// categorical cell is the "(missing)" category where training had one. Throws Error naming
// the file: a missing feature column, a column the model does not know (by name), an empty
// table; and naming file, line, column and value: a numeric cell that is not a number, a date
// not in the column's format, categories not seen in training (all counted, the first
// listed; unless `unseen` says otherwise).
EncodedRows encode_new_rows(const TabularPreprocessing& preprocessing, const CsvTable& table,
                            UnseenCategory unseen = UnseenCategory::error);

// One line saying how encode_new_rows fills missing cells for this model ("" under refuse),
// e.g. that a model trained with `drop` imputes the training mean at explain time.
std::string missing_cells_note(const TabularPreprocessing& preprocessing);

}  // namespace agop
