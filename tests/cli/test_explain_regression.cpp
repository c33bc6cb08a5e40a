// agop explain on a regression checkpoint (metadata task = "regression", one output in the
// target's units): output 0 explained for every row, the predicted value where a classifier
// writes class and probability, and shap's base values.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "attribution/nn_model_adapter.hpp"
#include "cli/tabular_metadata.hpp"
#include "data/csv.hpp"
#include "data/npy.hpp"
#include "nn/checkpoint.hpp"
#include "nn/mlp.hpp"
#include "run_agop.hpp"

namespace fs = std::filesystem;
using namespace agop;
using agop::test::read_text;
using agop::test::run_agop_in;
using agop::test::write_text;

namespace {

// Houses: size and rooms (numbers) and zone (a category); the target is price.
TabularPreprocessing house_preprocessing() {
    TabularPreprocessing pre;
    pre.target_column = "price";
    pre.feature_names = {"size", "rooms", "zone"};
    pre.categories = {{}, {}, {"a", "b"}};
    pre.class_names = {"price"};
    pre.centre = {100, 3, 0, 0};
    pre.scale = {50, 1, 1, 1};
    pre.encoded_mean = {0, 0, 0.5, 0.5};
    pre.encoded_std = {1, 1, 0.5, 0.5};
    return pre;
}

const char* const houses_csv = "size,rooms,zone,price\n80,2,a,200\n150,4,b,410\n120,3,a,300\n60,1,b,150\n";

// A hand-built one-output MLP (4 encoded columns -> 8 -> 1) stored as a regression checkpoint.
fs::path regression_checkpoint(const fs::path& dir) {
    nn::Mlp model(4, 1, {8}, 5);
    const fs::path path = dir / "house.safetensors";
    nn::save_checkpoint(
        path.string(), model,
        {{"tabular_preprocessing", cli::tabular_preprocessing_json(house_preprocessing())}, {"task", "regression"}});
    return path;
}

// The model's output for the CSV's rows, by the engine directly.
std::vector<double> model_outputs(const fs::path& checkpoint, const fs::path& csv) {
    auto model = nn::load_model(checkpoint.string());
    const EncodedRows rows = encode_new_rows(house_preprocessing(), read_csv(csv.string()));
    const Tensor y = predict_logits(explained_model(*model), rows.inputs);
    return std::vector<double>(y.data(), y.data() + y.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_regression)

BOOST_AUTO_TEST_CASE(integrated_gradients_explain_the_predicted_value_and_add_up_to_it) {
    const fs::path dir = agop::test::fresh_cli_directory("explain_regression_ig");
    write_text(dir / "houses.csv", houses_csv);
    const fs::path checkpoint = regression_checkpoint(dir);
    const auto run = run_agop_in(
        "explain --checkpoint house.safetensors --csv houses.csv --method "
        "integrated-gradients --ig-steps 400 --figures --quiet --out ig",
        dir);
    BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    const std::vector<double> y = model_outputs(checkpoint, dir / "houses.csv");
    const std::string predictions = read_text(dir / "ig" / "predictions_integrated-gradients.csv");
    BOOST_TEST(predictions.rfind("sample,predicted_value\n0,", 0) == 0u, predictions);
    const std::string csv = read_text(dir / "ig" / "attributions_integrated-gradients.csv");
    BOOST_TEST(csv.rfind("line,predicted_value,size,rooms,zone\n2,", 0) == 0u, csv);
    const auto json = nlohmann::json::parse(read_text(dir / "ig" / "explanation_integrated-gradients.json"));
    BOOST_TEST(json["model_output"] == "value");
    BOOST_TEST(json["output_names"] == nlohmann::json::array({"price"}));
    BOOST_TEST(!json.contains("probability"));
    auto model = nn::load_model(checkpoint.string());
    const double at_zero = predict_logits(explained_model(*model), filled({1, 4}, 0.0f))(0, 0);
    for (std::size_t r = 0; r < 4; ++r) {
        const double value = json["predicted_value"][r], base = json["base_values"][r];
        BOOST_TEST(std::abs(value - y[r]) < 1e-5 * (1 + std::abs(y[r])));
        double sum = 0;
        for (double v : json["values"][r]) sum += v;
        // Completeness: the values add up to f(x) - f(baseline), the baseline the zero input.
        BOOST_TEST(std::abs(sum - (value - base)) < 1e-3 * (1 + std::abs(value - base)), "row " << r);
    }
    BOOST_TEST(std::abs(double(json["base_values"][0]) - at_zero) < 1e-6);
    BOOST_TEST(fs::is_regular_file(dir / "ig" / "figures_integrated-gradients" / "row_2.svg"));
}

BOOST_AUTO_TEST_CASE(deepshap_base_values_are_the_mean_output_over_the_background) {
    const fs::path dir = agop::test::fresh_cli_directory("explain_regression_deepshap");
    write_text(dir / "houses.csv", houses_csv);
    write_text(dir / "background.csv", "size,rooms,zone\n100,3,a\n90,2,b\n");
    const fs::path checkpoint = regression_checkpoint(dir);
    const EncodedRows background = encode_new_rows(house_preprocessing(), read_csv((dir / "background.csv").string()));
    write_npy_tensor((dir / "background.npy").string(), background.inputs);
    const std::vector<double> b = model_outputs(checkpoint, dir / "background.csv");
    for (const char* method : {"deepshap", "kernelshap"}) {
        const auto run = run_agop_in(std::string("explain --checkpoint house.safetensors --csv houses.csv --method ") +
                                         method + " --background background.npy --quiet --out " + method,
                                     dir);
        BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        const auto json =
            nlohmann::json::parse(read_text(dir / method / (std::string("explanation_") + method + ".json")));
        BOOST_TEST(json["model_output"] == "value", method);
        const double base = json["base_values"][1];
        BOOST_TEST(std::abs(base - (b[0] + b[1]) / 2) < 1e-5, method);
    }
}

BOOST_AUTO_TEST_CASE(probabilities_and_targets_of_a_regression_model_are_refused) {
    const fs::path dir = agop::test::fresh_cli_directory("explain_regression_refusals");
    write_text(dir / "houses.csv", houses_csv);
    regression_checkpoint(dir);
    auto run = run_agop_in(
        "explain --checkpoint house.safetensors --csv houses.csv --method integrated-gradients "
        "--model-output probability --out p",
        dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("--model-output probability: the checkpoint is a regression model") != std::string::npos,
               run.output);
    BOOST_TEST(!fs::exists(dir / "p"));
}

BOOST_AUTO_TEST_SUITE_END()
