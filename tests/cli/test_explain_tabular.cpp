// agop train on a user's CSV, then agop explain on raw rows: the preprocessing travels in the
// checkpoint, the outputs are named, and mistakes in the rows are named.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>

#include "cli/tabular_metadata.hpp"
#include "data/csv.hpp"
#include "data/npy.hpp"
#include "data/tabular_preprocessing.hpp"
#include "nn/safetensors.hpp"
#include "run_agop.hpp"

namespace fs = std::filesystem;
using namespace agop;
using agop::test::run_agop_in;

namespace {

// 300 rows: income (numeric), city (categorical), score (numeric); the label depends on
// income and city so the model has something to learn. A fixed formula, no randomness.
std::string people_csv() {
    const char* cities[] = {"Oslo", "Paris", "Rome"};
    std::string csv = "id,income,city,score,approved\n";
    for (int i = 0; i < 300; ++i) {
        const double income = 20 + (i * 37 % 100);
        const int city = i * 7 % 3;
        const double score = (i * 13 % 50) / 10.0;
        const bool approved = income + 25 * city + 3 * score > 85;
        csv += std::to_string(i) + "," + std::to_string(income) + "," + cities[city] + "," + std::to_string(score) +
               "," + (approved ? "yes" : "no") + "\n";
    }
    return csv;
}

// A trained model in dir/model, the raw file in dir/people.csv (built once per test).
fs::path trained_people_model(const std::string& name) {
    const fs::path dir = agop::test::fresh_cli_directory(name);
    agop::test::write_text(dir / "people.csv", people_csv());
    const auto train = run_agop_in("train --data csv:people.csv:approved --epochs 30 --quiet --out model", dir);
    BOOST_REQUIRE_MESSAGE(train.exit_code == 0, train.output);
    return dir;
}

nlohmann::json read_json(const fs::path& path) { return nlohmann::json::parse(agop::test::read_text(path)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_tabular)

BOOST_AUTO_TEST_CASE(checkpoint_keeps_the_preprocessing_and_csv_runs_write_no_ground_truth) {
    const fs::path dir = trained_people_model("keeps_preprocessing");
    const auto file = nn::read_safetensors((dir / "model" / "model.safetensors").string());
    const auto pre = cli::stored_tabular_preprocessing(file.metadata, "model.safetensors");
    BOOST_TEST_REQUIRE(pre.has_value());
    BOOST_TEST(pre->target_column == "approved");
    BOOST_TEST(pre->ignored_columns == std::vector<std::string>({}));
    BOOST_TEST(pre->feature_names == std::vector<std::string>({"id", "income", "city", "score"}));
    BOOST_TEST(pre->categories[2] == std::vector<std::string>({"Oslo", "Paris", "Rome"}));
    BOOST_TEST(pre->class_names == std::vector<std::string>({"no", "yes"}));
    // Every stored row of the test split is the encoding of some raw row of the file.
    const Tensor test_inputs = read_npy_tensor((dir / "model" / "test_inputs.npy").string());
    const EncodedRows all = encode_new_rows(*pre, read_csv((dir / "people.csv").string()));
    const std::size_t p = pre->encoded_columns();
    for (std::size_t t = 0; t < test_inputs.shape()[0]; ++t) {
        bool found = false;
        for (std::size_t r = 0; r < all.inputs.shape()[0] && !found; ++r)
            found = std::equal(test_inputs.data() + t * p, test_inputs.data() + (t + 1) * p, all.inputs.data() + r * p);
        BOOST_TEST(found, "test row " << t);
    }
    BOOST_TEST(!fs::exists(dir / "model" / "test_ground_truth.npy"));  // a csv has none
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(raw_rows_in_any_column_order_give_named_outputs) {
    const fs::path dir = trained_people_model("named_outputs");
    // Columns reordered, target absent.
    agop::test::write_text(dir / "rows.csv", "score,city,id,income\n1.5,Rome,7,40\n\n4.0,Oslo,8,95\n");
    const auto run = run_agop_in(
        "explain --checkpoint model/model.safetensors --csv rows.csv --method "
        "integrated-gradients --ig-steps 200 --model-output probability --per-column --out out",
        dir);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
    const std::string csv = agop::test::read_text(dir / "out" / "attributions_integrated-gradients.csv");
    const std::string header = csv.substr(0, csv.find('\n'));
    BOOST_TEST(header ==
               "line,predicted_class,probability,explained_class,id,income,city,score,id,income,city=Oslo,"
               "city=Paris,city=Rome,score");
    const CsvTable table = parse_csv(csv, "attributions.csv");
    BOOST_TEST_REQUIRE(table.rows.size() == 2u);
    BOOST_TEST(table.rows[0].fields[0] == "2");
    BOOST_TEST(table.rows[1].fields[0] == "4");  // the blank line is skipped; lines are the file's
    // one-hot group summed: city == city=Oslo + city=Paris + city=Rome
    for (const auto& row : table.rows)
        BOOST_TEST(std::stod(row.fields[6]) ==
                       std::stod(row.fields[10]) + std::stod(row.fields[11]) + std::stod(row.fields[12]),
                   boost::test_tools::tolerance(1e-5));

    const auto json = read_json(dir / "out" / "explanation_integrated-gradients.json");
    BOOST_TEST(json["feature_names"].size() == 4u);
    BOOST_TEST(json["output_names"] == nlohmann::json({"no", "yes"}));
    BOOST_TEST(json["model_output"] == "probability");
    BOOST_TEST(json["data"][0][2] == "Rome");
    BOOST_TEST(json["data"][0][3] == 1.5);
    BOOST_TEST(json["model_checksum"].get<std::string>().rfind("fnv1a64:", 0) == 0u);
    BOOST_TEST(json["settings"]["steps"] == 200);
    // Completeness, which defines IG's base value: base + sum(values) = f(x), here the
    // probability of the explained (= predicted) class.
    for (std::size_t r = 0; r < 2; ++r) {
        const auto& values = json["values"][r];
        const double total = std::accumulate(values.begin(), values.end(), 0.0,
                                             [](double a, const nlohmann::json& v) { return a + v.get<double>(); });
        BOOST_TEST(json["base_values"][r].get<double>() + total == json["probability"][r].get<double>(),
                   boost::test_tools::tolerance(2e-3));
    }
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(kernelshap_explains_probabilities_by_default_and_its_values_add_up) {
    const fs::path dir = trained_people_model("kernelshap_probability");
    agop::test::write_text(dir / "rows.csv", "id,income,city,score,approved\n7,40,Rome,1.5,no\n8,95,Oslo,4.0,yes\n");
    const auto run = run_agop_in(
        "explain --checkpoint model/model.safetensors --csv rows.csv --method kernelshap "
        "--background model/background.npy --out out",
        dir);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
    BOOST_TEST(run.output.find("kernelshap (probability)") != std::string::npos, run.output);
    const auto json = read_json(dir / "out" / "explanation_kernelshap.json");
    BOOST_TEST(json["model_output"] == "probability");
    BOOST_TEST(json["settings"]["players"] == "original features");
    // A one-hot group is one player: its value is spread evenly over its three columns.
    for (std::size_t r = 0; r < 2; ++r) {
        const auto& columns = json["column_values"][r];
        BOOST_TEST(columns[2].get<double>() == columns[3].get<double>());
        BOOST_TEST(columns[3].get<double>() == columns[4].get<double>());
    }
    for (std::size_t r = 0; r < 2; ++r) {
        double total = json["base_values"][r].get<double>();
        for (const auto& v : json["values"][r]) total += v.get<double>();
        BOOST_TEST(total == json["probability"][r].get<double>(), boost::test_tools::tolerance(1e-4));
    }
    const auto logit = run_agop_in(
        "explain --checkpoint model/model.safetensors --csv rows.csv --method kernelshap "
        "--background model/background.npy --model-output logit --out out_logit",
        dir);
    BOOST_TEST_REQUIRE(logit.exit_code == 0, logit.output);
    BOOST_TEST(read_json(dir / "out_logit" / "explanation_kernelshap.json")["model_output"] == "logit");
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(bad_rows_are_refused_by_name_and_unseen_categories_can_be_zeros) {
    const fs::path dir = trained_people_model("bad_rows");
    const std::string explain = "explain --checkpoint model/model.safetensors --method vanilla-grad --csv rows.csv ";
    agop::test::write_text(dir / "rows.csv", "id,income,city,score,colour\n1,40,Rome,1.5,red\n");
    auto run = run_agop_in(explain + "--out a", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("'colour' is not a feature") != std::string::npos, run.output);

    agop::test::write_text(dir / "rows.csv", "id,income,city,score\n1,40,Rome,1.5\n2,41,Lima,1.5\n");
    run = run_agop_in(explain + "--out b", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("rows.csv: 1 cell(s) hold categories not seen in training, at line 3, column 3 (city): "
                               "'Lima'") != std::string::npos,
               run.output);
    run = run_agop_in(explain + "--unseen-category zeros --out c", dir);
    BOOST_TEST(run.exit_code == 0, run.output);

    run = run_agop_in("explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy --figures --out e",
                      dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("--figures") != std::string::npos, run.output);

    // A checkpoint without preprocessing cannot take raw rows.
    run = run_agop_in("train --data synthetic:linear --epochs 1 --quiet --out synthetic", dir);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
    run = run_agop_in("explain --checkpoint synthetic/model.safetensors --csv rows.csv --out d", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("holds no tabular preprocessing") != std::string::npos, run.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(figures_are_capped_per_row_and_drawn_as_png_and_svg) {
    const fs::path dir = trained_people_model("figures");
    const auto run = run_agop_in(
        "explain --checkpoint model/model.safetensors --csv people.csv --method "
        "input-x-gradient --figures --figure-rows 3 --out out",
        dir);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
    const fs::path figures = dir / "out" / "figures_input-x-gradient";
    std::size_t rows = 0;
    for (const auto& entry : fs::directory_iterator(figures))
        if (entry.path().filename().string().rfind("row_", 0) == 0 && entry.path().extension() == ".png") ++rows;
    BOOST_TEST(rows == 3u);
    for (const char* name : {"row_2.png", "row_2.svg", "mean_abs.png", "mean_abs.svg", "scatter.png", "scatter.svg"}) {
        BOOST_TEST(fs::exists(figures / name), name);
        if (fs::exists(figures / name)) BOOST_TEST(fs::file_size(figures / name) > 1000u, name);
    }
    const std::string png = agop::test::read_text(figures / "mean_abs.png");
    BOOST_TEST(png.substr(1, 3) == "PNG");
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(method_options_reach_the_methods) {
    const fs::path dir = trained_people_model("method_options");
    agop::test::write_text(dir / "rows.csv", "id,income,city,score\n7,40,Rome,1.5\n8,95,Oslo,4.0\n9,60,Paris,2.5\n");
    auto column_values = [&](const std::string& arguments, const std::string& out) {
        const auto run = run_agop_in(
            "explain --checkpoint model/model.safetensors --csv rows.csv --out " + out + " " + arguments, dir);
        BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        fs::path json;
        for (const auto& entry : fs::directory_iterator(dir / out))
            if (entry.path().extension() == ".json") json = entry.path();
        return read_json(json);
    };
    // SmoothGrad without noise is the plain gradient.
    const auto plain = column_values("--method vanilla-grad", "vanilla");
    const auto smooth = column_values("--method smoothgrad --smoothgrad-noise 0 --smoothgrad-samples 3", "smooth");
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < 6; ++c)
            BOOST_TEST(smooth["column_values"][r][c].get<double>() == plain["column_values"][r][c].get<double>(),
                       boost::test_tools::tolerance(1e-6));
    // IG from the training mean: completeness against that baseline's output, a different base.
    const auto mean = column_values(
        "--method integrated-gradients --ig-steps 200 --ig-baseline training-mean "
        "--model-output probability",
        "ig_mean");
    const auto zeros =
        column_values("--method integrated-gradients --ig-steps 200 --model-output probability", "ig_zero");
    BOOST_TEST(mean["base_values"][0].get<double>() != zeros["base_values"][0].get<double>());
    for (std::size_t r = 0; r < 3; ++r) {
        double total = mean["base_values"][r].get<double>();
        for (const auto& v : mean["values"][r]) total += v.get<double>();
        BOOST_TEST(total == mean["probability"][r].get<double>(), boost::test_tools::tolerance(2e-3));
    }
    // LIME samples around the checkpoint's training statistics: the background does not matter;
    // the kernel width does.
    const auto lime = column_values("--method lime --lime-samples 500", "lime");
    const auto lime_background =
        column_values("--method lime --lime-samples 500 --background model/background.npy", "lime_background");
    const auto lime_narrow = column_values("--method lime --lime-samples 500 --lime-kernel-width 0.3", "lime_narrow");
    BOOST_TEST(lime["column_values"] == lime_background["column_values"]);
    BOOST_TEST(lime["column_values"] != lime_narrow["column_values"]);
    BOOST_TEST(lime["model_output"] == "probability");
    BOOST_TEST(lime["settings"]["kernel_width"] == 0);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
