// The --data reader's options: --missing for csv: data, the label rules for npy: data.

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "autodiff/error.hpp"
#include "cli/training_data.hpp"
#include "data/npy.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::cli;
namespace fs = std::filesystem;

namespace {

fs::path fresh_directory(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("agop_training_data_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// 40 rows, x = row index, y alternating; every fifth x is "NA".
std::string csv_with_missing_values() {
    std::string text = "x,y\n";
    for (int i = 0; i < 40; ++i)
        text += (i % 5 == 4 ? std::string("NA") : std::to_string(i)) + (i % 2 ? ",a\n" : ",b\n");
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(training_data)

BOOST_AUTO_TEST_CASE(missing_option_parses_and_reaches_the_csv_loader) {
    const fs::path dir = fresh_directory("csv");
    std::ofstream(dir / "t.csv") << csv_with_missing_values();
    const std::string spec = "csv:" + (dir / "t.csv").string() + ":y";
    expect_error_mentioning([&] { load_training_data(spec, "", 1); }, {"missing values at line 6, column 1 (x): 'NA'"});

    DataReadingOptions options;
    CLI::App app;
    add_data_reading_options(&app, options);
    app.parse(std::vector<std::string>{"drop", "--missing"});  // CLI11 takes the arguments reversed
    BOOST_TEST((options.missing == MissingValues::drop));
    const TrainingData dropped = load_training_data(spec, "", 1, options);
    BOOST_TEST(dropped.train.size() + dropped.validation.size() + dropped.test.size() == 32u);
    options.missing = MissingValues::mean;
    const TrainingData imputed = load_training_data(spec, "", 1, options);
    BOOST_TEST(imputed.train.size() + imputed.validation.size() + imputed.test.size() == 40u);
    BOOST_CHECK_THROW(app.parse(std::vector<std::string>{"zero", "--missing"}), std::exception);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(csv_reading_options_choose_markers_task_and_columns) {
    const fs::path dir = fresh_directory("csv_options");
    std::string text = "id,x,z,t\n";
    for (int i = 0; i < 50; ++i)
        text += "r" + std::to_string(i) + "," + (i % 7 == 3 ? std::string("-") : std::to_string(i % 10)) + "," +
                std::to_string(i % 3) + "," + std::to_string(i * 0.25) + "\n";
    std::ofstream(dir / "t.csv") << text;
    const std::string spec = "csv:" + (dir / "t.csv").string() + ":t";
    DataReadingOptions options;
    CLI::App app;
    add_data_reading_options(&app, options);
    // CLI11 takes the arguments reversed
    app.parse(
        std::vector<std::string>{"x", "--features", "mean", "--missing", "-", "--na-values", "regression", "--task"});
    BOOST_TEST(options.missing_markers == std::vector<std::string>({"-"}));
    BOOST_TEST(options.features == std::vector<std::string>({"x"}));
    const TrainingData data = load_training_data(spec, "", 1, options);
    BOOST_TEST(data.regression);
    BOOST_TEST(data.classes == 1u);
    BOOST_TEST(data.preprocessing->feature_names == std::vector<std::string>({"x"}));
    BOOST_TEST(data.preprocessing->ignored_columns == std::vector<std::string>({"id", "z"}));
    // targets standardised with the training split's statistics; test values in their own units
    BOOST_TEST(data.test_values.size() == data.test.size());
    for (std::size_t i = 0; i < data.test.size(); ++i)
        BOOST_TEST(data.test.targets(i, 0) * data.target_scale + data.target_shift == data.test_values[i],
                   boost::test_tools::tolerance(1e-5));
    app.parse(std::vector<std::string>{"id", "--ignore-columns"});
    BOOST_TEST(options.ignore_columns == std::vector<std::string>({"id"}));
    BOOST_CHECK_THROW(app.parse(std::vector<std::string>{"ranking", "--task"}), std::exception);
    BOOST_CHECK_THROW(app.parse(std::vector<std::string>{"a,,b", "--features"}), std::exception);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(npy_labels_must_be_dense_unless_sparse_labels_are_allowed) {
    const fs::path dir = fresh_directory("npy");
    write_npy_tensor((dir / "x.npy").string(), filled({20, 2}, 1.0f));
    std::vector<int> labels(20);
    for (int i = 0; i < 20; ++i) labels[static_cast<std::size_t>(i)] = i % 2;
    labels[7] = 1000000;
    write_npy_labels((dir / "y.npy").string(), labels);
    const std::string spec = "npy:" + (dir / "x.npy").string() + ":" + (dir / "y.npy").string();
    expect_error_mentioning([&] { load_training_data(spec, "", 1); }, {"y.npy", "label 1000000 at index 7"});

    DataReadingOptions options;
    CLI::App app;
    add_data_reading_options(&app, options);
    app.parse(std::vector<std::string>{"--allow-sparse-labels"});
    BOOST_TEST(!options.labels.require_every_class);
    labels[7] = 5;  // classes 2, 3, 4 absent
    write_npy_labels((dir / "y.npy").string(), labels);
    expect_error_mentioning([&] { load_training_data(spec, "", 1); }, {"never occur (2, 3, 4)"});
    BOOST_TEST(load_training_data(spec, "", 1, options).classes == 6u);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
