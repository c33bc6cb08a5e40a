#include "cli/training_data.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/adult.hpp"
#include "data/credit_default.hpp"
#include "data/npy.hpp"
#include "data/stratified_split.hpp"
#include "data/synthetic_tabular.hpp"
#include "experiments/xai_tris.hpp"

namespace agop::cli {

namespace {

std::vector<std::string> split_spec(const std::string& spec) {
    std::vector<std::string> parts;
    std::stringstream in(spec);
    std::string part;
    while (std::getline(in, part, ':')) parts.push_back(part);
    return parts;
}

std::size_t class_count(const std::vector<int>& labels) {
    return labels.empty() ? 0 : static_cast<std::size_t>(*std::max_element(labels.begin(), labels.end())) + 1;
}

// The rows `indices` of x and y, and of the regression targets t (N, 1) when not empty.
nn::LabelledData rows(const Tensor& x, const std::vector<int>& y, const std::vector<std::size_t>& indices,
                      const Tensor& t = Tensor::from_shape({0})) {
    nn::LabelledData out{nn::gather_rows(x, indices), {}};
    for (auto i : indices) out.labels.push_back(y[i]);
    if (t.dimension() > 0 && t.size() > 0) out.targets = nn::gather_rows(t, indices);
    return out;
}

// train rows -> 90% train, 10% validation, stratified and seeded.
void hold_out_validation(TrainingData& data, const Tensor& x, const std::vector<int>& y, std::uint64_t seed,
                         const Tensor& t = Tensor::from_shape({0})) {
    Rng rng = Rng::stream(seed, 101);
    const auto parts = stratified_split(y, {0.9, 0.1}, rng);
    data.train = rows(x, y, parts[0], t);
    data.validation = rows(x, y, parts[1], t);
}

// values (N) -> (N, 1) standardised with `shift` and `scale`.
Tensor standardised_targets(const std::vector<double>& values, double shift, double scale) {
    Tensor t = filled({values.size(), 1}, 0.0f);
    for (std::size_t i = 0; i < values.size(); ++i) t.data()[i] = static_cast<float>((values[i] - shift) / scale);
    return t;
}

TrainingData from_tabular(const TabularDataset& set, std::uint64_t seed) {
    TrainingData data;
    data.description = set.name + " (" + std::to_string(set.X_train.shape()[1]) + " encoded columns)";
    data.preprocessing = tabular_preprocessing(set);
    if (!set.regression) {
        hold_out_validation(data, set.X_train, set.y_train, seed);
        data.test = {set.X_test, set.y_test};
        data.classes = std::max(class_count(set.y_train), set.class_names.size());
        return data;
    }
    data.regression = true;
    data.classes = 1;
    double sum = 0.0, sum_sq = 0.0;
    for (double v : set.y_train_values) sum += v;
    data.target_shift = sum / static_cast<double>(set.y_train_values.size());
    for (double v : set.y_train_values) sum_sq += (v - data.target_shift) * (v - data.target_shift);
    const double sd = std::sqrt(sum_sq / static_cast<double>(set.y_train_values.size()));
    data.target_scale = sd > 0.0 ? sd : 1.0;
    hold_out_validation(data, set.X_train, set.y_train, seed,
                        standardised_targets(set.y_train_values, data.target_shift, data.target_scale));
    data.test = {set.X_test, set.y_test, standardised_targets(set.y_test_values, data.target_shift, data.target_scale)};
    data.test_values = set.y_test_values;
    return data;
}

// "a,b" -> {"a", "b"}; an empty name is refused.
std::vector<std::string> column_list(const std::string& text, const std::string& argument) {
    std::vector<std::string> names;
    std::stringstream in(text);
    std::string name;
    while (std::getline(in, name, ',')) {
        if (name.empty()) throw Error(argument + " " + text + ": expected column names separated by commas");
        names.push_back(name);
    }
    return names;
}

}  // namespace

void add_data_reading_options(CLI::App* cmd, DataReadingOptions& options) {
    cmd->add_option_function<std::string>(
        "--missing", [&options](const std::string& text) { options.missing = parse_missing_values(text, "--missing"); },
        "csv: data: missing cells are refused, their rows dropped (new rows then take the training mean), "
        "imputed with the training mean or median (numeric, dates) and most frequent category, or made a "
        "category '(missing)' (refuse | drop | mean | median | category; default refuse). Stored in the "
        "checkpoint and applied by explain --csv");
    cmd->add_option_function<std::string>(
        "--na-values",
        [&options](const std::string& text) {
            options.missing_markers.clear();
            std::stringstream in(text);
            std::string marker;
            while (std::getline(in, marker, ',')) options.missing_markers.push_back(marker);
        },
        "csv: data: the cells that mean missing, comma-separated, replacing the default (pandas' list, "
        "case-sensitive: '', NA, N/A, n/a, NaN, nan, NULL, null, None, <NA>, #N/A, ..., and ?)");
    cmd->add_option_function<std::string>(
        "--task", [&options](const std::string& text) { options.task = parse_target_task(text, "--task"); },
        "csv: data: classification | regression (default: classification, refusing a numeric target with more "
        "than 20 values or fractions)");
    cmd->add_option_function<std::string>(
        "--ignore-columns",
        [&options](const std::string& text) { options.ignore_columns = column_list(text, "--ignore-columns"); },
        "csv: data: columns left out (an id, a leaking column), comma-separated");
    cmd->add_option_function<std::string>(
        "--features", [&options](const std::string& text) { options.features = column_list(text, "--features"); },
        "csv: data: the only feature columns, comma-separated (the others but the target are left out)");
    cmd->add_flag_function(
        "--allow-sparse-labels",
        [&options](std::int64_t) {
            options.labels.require_every_class = false;
            options.labels.max_classes = 1000000;
        },
        "npy: data: accept labels with absent classes and up to 10^6 classes (default: every class 0..C-1 "
        "present, C <= 1000)");
}

namespace {

// synthetic:<task>: the training split less a validation hold-out, the test split with its
// exact Shapley values.
TrainingData synthetic_training_data(const std::string& task, std::uint64_t seed) {
    SyntheticTabularConfig config;
    config.task = parse_synthetic_task(task);
    config.seed = seed;
    const auto set = generate_synthetic_tabular(config);
    TrainingData data;
    data.description = "synthetic " + task + " (d=" + std::to_string(config.n_features) +
                       ", C=" + std::to_string(config.n_classes) + ")";
    const auto train = rows(set.X, set.y, set.train_indices);
    hold_out_validation(data, train.inputs, train.labels, seed);
    data.test = rows(set.X, set.y, set.test_indices);
    data.test_ground_truth = nn::gather_rows(set.ground_truth, set.test_indices);
    data.classes = config.n_classes;
    return data;
}

// xai-tris:<scenario>:<background>: the generator's own three splits, the test masks as ground truth.
TrainingData xai_tris_training_data(const std::string& scenario, const std::string& background, std::uint64_t seed) {
    XaiTrisConfig config = xai_tris_config(parse_xai_tris_scenario(scenario), parse_xai_tris_background(background));
    config.seed = seed;
    const auto set = generate_xai_tris(config);
    TrainingData data;
    data.description = "XAI-TRIS " + scenario + " " + background + " (8x8)";
    data.images = true;
    data.train = rows(set.images, set.labels, set.train_indices);
    data.validation = rows(set.images, set.labels, set.validation_indices);
    data.test = rows(set.images, set.labels, set.test_indices);
    data.test_ground_truth = nn::gather_rows(set.masks, set.test_indices);
    data.classes = 2;
    return data;
}

// npy:<inputs.npy>:<labels.npy>: a stratified 80/20 split, validation held out of the 80.
TrainingData npy_training_data(const std::string& spec, const std::string& inputs_path, const std::string& labels_path,
                               std::uint64_t seed, const DataReadingOptions& reading) {
    const Tensor x = read_npy_tensor(inputs_path);
    const std::vector<int> y = read_npy_labels(labels_path);
    const std::size_t classes = check_class_labels(y, labels_path, reading.labels);
    if (x.dimension() < 2 || x.shape()[0] != y.size())
        throw Error("--data " + spec + ": inputs " + shape_string(x) + " need one row per label (" +
                    std::to_string(y.size()) + " labels)");
    Rng rng = Rng::stream(seed, 100);
    const auto split = stratified_split(y, {0.8, 0.2}, rng);
    TrainingData data;
    data.description = inputs_path;
    data.images = x.dimension() == 4;
    const auto train = rows(x, y, split[0]);
    hold_out_validation(data, train.inputs, train.labels, seed);
    data.test = rows(x, y, split[1]);
    data.classes = classes;
    return data;
}

}  // namespace

TrainingData load_training_data(const std::string& spec, const std::string& data_dir, std::uint64_t seed,
                                const DataReadingOptions& reading) {
    const auto parts = split_spec(spec);
    const std::string kind = parts.empty() ? "" : parts[0];
    auto expect_parts = [&](std::size_t n, const std::string& form) {
        if (parts.size() != n) throw Error("--data " + spec + ": expected " + form);
    };
    if (kind == "synthetic") {
        expect_parts(2, "synthetic:<linear|sparse_nonlinear|interaction>");
        return synthetic_training_data(parts[1], seed);
    }
    if (kind == "xai-tris") {
        expect_parts(3, "xai-tris:<lin|mult|rigid|xor>:<white|correlated>");
        return xai_tris_training_data(parts[1], parts[2], seed);
    }
    if (kind == "adult") {
        expect_parts(1, "adult");
        return from_tabular(load_adult(data_dir), seed);
    }
    if (kind == "credit") {
        expect_parts(1, "credit");
        return from_tabular(load_credit_default(data_dir, seed), seed);
    }
    if (kind == "csv") {
        expect_parts(3, "csv:<path>:<target column>");
        CsvDatasetConfig config;
        config.target_column = parts[2];
        config.seed = seed;
        config.missing = reading.missing;
        config.missing_markers = reading.missing_markers;
        config.task = reading.task;
        config.drop_columns = reading.ignore_columns;
        config.feature_columns = reading.features;
        return from_tabular(load_csv_dataset(parts[1], config), seed);
    }
    if (kind == "npy") {
        expect_parts(3, "npy:<inputs.npy>:<labels.npy>");
        return npy_training_data(spec, parts[1], parts[2], seed, reading);
    }
    throw Error("--data " + spec +
                ": unknown data set; expected synthetic:<task>, xai-tris:<scenario>:<background>, adult, credit, "
                "csv:<path>:<target>, or npy:<inputs.npy>:<labels.npy>");
}

}  // namespace agop::cli
