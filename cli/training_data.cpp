#include "cli/training_data.hpp"

#include <algorithm>
#include <sstream>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/adult.hpp"
#include "data/credit_default.hpp"
#include "data/csv_dataset.hpp"
#include "data/npy.hpp"
#include "data/stratified_split.hpp"
#include "data/synthetic_tabular.hpp"
#include "data/xai_tris.hpp"

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

nn::LabelledData rows(const Tensor& x, const std::vector<int>& y, const std::vector<std::size_t>& indices) {
    nn::LabelledData out{nn::gather_rows(x, indices), {}};
    for (auto i : indices) out.labels.push_back(y[i]);
    return out;
}

// train rows -> 90% train, 10% validation, stratified and seeded.
void hold_out_validation(TrainingData& data, const Tensor& x, const std::vector<int>& y, std::uint64_t seed) {
    Rng rng = Rng::stream(seed, 101);
    const auto parts = stratified_split(y, {0.9, 0.1}, rng);
    data.train = rows(x, y, parts[0]);
    data.validation = rows(x, y, parts[1]);
}

TrainingData from_tabular(const TabularDataset& set, std::uint64_t seed) {
    TrainingData data;
    data.description = set.name + " (" + std::to_string(set.X_train.shape()[1]) + " encoded columns)";
    hold_out_validation(data, set.X_train, set.y_train, seed);
    data.test = {set.X_test, set.y_test};
    data.classes = std::max(class_count(set.y_train), set.class_names.size());
    data.preprocessing = tabular_preprocessing(set);
    return data;
}

}  // namespace

TrainingData load_training_data(const std::string& spec, const std::string& data_dir, std::uint64_t seed) {
    const auto parts = split_spec(spec);
    const std::string kind = parts.empty() ? "" : parts[0];
    auto expect_parts = [&](std::size_t n, const std::string& form) {
        if (parts.size() != n) throw Error("--data " + spec + ": expected " + form);
    };
    if (kind == "synthetic") {
        expect_parts(2, "synthetic:<linear|sparse_nonlinear|interaction>");
        SyntheticTabularConfig config;
        config.task = parse_synthetic_task(parts[1]);
        config.seed = seed;
        const auto set = generate_synthetic_tabular(config);
        TrainingData data;
        data.description = "synthetic " + parts[1] + " (d=" + std::to_string(config.n_features) +
                           ", C=" + std::to_string(config.n_classes) + ")";
        const auto train = rows(set.X, set.y, set.train_indices);
        hold_out_validation(data, train.inputs, train.labels, seed);
        data.test = rows(set.X, set.y, set.test_indices);
        data.test_ground_truth = nn::gather_rows(set.ground_truth, set.test_indices);
        data.classes = config.n_classes;
        return data;
    }
    if (kind == "xai-tris") {
        expect_parts(3, "xai-tris:<lin|mult|rigid|xor>:<white|correlated>");
        XaiTrisConfig config = xai_tris_config(parse_xai_tris_scenario(parts[1]), parse_xai_tris_background(parts[2]));
        config.seed = seed;
        const auto set = generate_xai_tris(config);
        TrainingData data;
        data.description = "XAI-TRIS " + parts[1] + " " + parts[2] + " (8x8)";
        data.images = true;
        data.train = rows(set.images, set.labels, set.train_indices);
        data.validation = rows(set.images, set.labels, set.validation_indices);
        data.test = rows(set.images, set.labels, set.test_indices);
        data.test_ground_truth = nn::gather_rows(set.masks, set.test_indices);
        data.classes = 2;
        return data;
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
        return from_tabular(load_csv_dataset(parts[1], config), seed);
    }
    if (kind == "npy") {
        expect_parts(3, "npy:<inputs.npy>:<labels.npy>");
        const Tensor x = read_npy_tensor(parts[1]);
        const std::vector<int> y = read_npy_labels(parts[2]);
        if (x.dimension() < 2 || x.shape()[0] != y.size())
            throw Error("--data " + spec + ": inputs " + shape_string(x) + " need one row per label (" +
                        std::to_string(y.size()) + " labels)");
        Rng rng = Rng::stream(seed, 100);
        const auto split = stratified_split(y, {0.8, 0.2}, rng);
        TrainingData data;
        data.description = parts[1];
        data.images = x.dimension() == 4;
        const auto train = rows(x, y, split[0]);
        hold_out_validation(data, train.inputs, train.labels, seed);
        data.test = rows(x, y, split[1]);
        data.classes = class_count(y);
        return data;
    }
    throw Error("--data " + spec +
                ": unknown data set; expected synthetic:<task>, xai-tris:<scenario>:<background>, adult, credit, "
                "csv:<path>:<target>, or npy:<inputs.npy>:<labels.npy>");
}

}  // namespace agop::cli
