// agop train and explain --csv on tables as they come: a regression target, a date column,
// missing cells and an identifier, from train to explain on the very file trained on.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/tabular_metadata.hpp"
#include "data/csv.hpp"
#include "nn/safetensors.hpp"
#include "run_agop.hpp"

namespace fs = std::filesystem;
using namespace agop;
using agop::test::run_agop_in;

namespace {

// 240 days: a temperature with gaps (NA, ''), a weather word (with 'none' as a category),
// a station name per row (an identifier), and the target load = 2 temp - 3 wind + 5 [rain].
std::string weather_csv() {
    const char* weathers[] = {"sun", "rain", "none"};
    std::string csv = "date,temp,wind,weather,station,load\n";
    for (int i = 0; i < 240; ++i) {
        const int month = i / 28 + 1, day = i % 28 + 1;
        const double temp = 5 + (i * 37 % 60) / 4.0, wind = (i * 11 % 13) / 2.0;
        const int weather = i * 7 % 3;
        const double load = 2 * temp - 3 * wind + (weather == 1 ? 5 : 0) + month * 0.5;
        char date[32];  // room for any int, so the compiler sees no truncation
        std::snprintf(date, sizeof date, "2015-%02d-%02d", month, day);
        const std::string temp_cell = i % 29 == 3 ? "NA" : std::to_string(temp);
        const std::string wind_cell = i % 31 == 5 ? "" : std::to_string(wind);
        csv += std::string(date) + "," + temp_cell + "," + wind_cell + "," + weathers[weather] + ",station" +
               std::to_string(i) + "," + std::to_string(load) + "\n";
    }
    return csv;
}

fs::path weather_directory(const std::string& name) {
    const fs::path dir = agop::test::fresh_cli_directory(name);
    agop::test::write_text(dir / "weather.csv", weather_csv());
    return dir;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(real_tables_cli)

BOOST_AUTO_TEST_CASE(each_refusal_names_the_column_and_the_option_that_resolves_it) {
    const fs::path dir = weather_directory("refusals");
    auto run = run_agop_in("train --data csv:weather.csv:load --quiet --out m", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("'station' has 240 distinct values in 240 rows") != std::string::npos, run.output);
    BOOST_TEST(run.output.find("--ignore-columns station") != std::string::npos, run.output);
    run = run_agop_in("train --data csv:weather.csv:load --ignore-columns station --quiet --out m", dir);
    BOOST_TEST(run.output.find("--missing drop|mean|median|category") != std::string::npos, run.output);
    run = run_agop_in("train --data csv:weather.csv:load --ignore-columns station --missing mean --quiet --out m", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("looks like a regression target; pass --task regression, or --task classification "
                               "to treat each value as a class") != std::string::npos,
               run.output);
    // Each value a class of its own, one row each: no class reaches the validation split, said
    // without naming any function of the engine.
    std::string unique = "x,t\n";
    for (int i = 0; i < 30; ++i) unique += std::to_string(i) + "," + std::to_string(i * 1.5) + "\n";
    agop::test::write_text(dir / "unique.csv", unique);
    run = run_agop_in("train --data csv:unique.csv:t --task classification --quiet --out u", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("train_classifier") == std::string::npos, run.output);
    BOOST_TEST(run.output.find("--data csv:unique.csv:t: the validation split is empty") != std::string::npos,
               run.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_regression_model_trains_and_explains_its_own_file_with_imputed_cells) {
    const fs::path dir = weather_directory("regression");
    const auto train = run_agop_in(
        "train --data csv:weather.csv:load --task regression --ignore-columns station "
        "--missing median --epochs 40 --out m",
        dir);
    BOOST_TEST_REQUIRE(train.exit_code == 0, train.output);
    BOOST_TEST(train.output.find("test RMSE") != std::string::npos, train.output);
    const std::size_t at = train.output.find("R^2 ");
    BOOST_TEST_REQUIRE(at != std::string::npos);
    BOOST_TEST(std::stod(train.output.substr(at + 4)) > 0.8, train.output);

    const auto file = nn::read_safetensors((dir / "m" / "model.safetensors").string());
    BOOST_TEST(file.metadata.at("task") == "regression");
    BOOST_TEST(file.metadata.at("target") == "load");
    const auto pre = cli::stored_tabular_preprocessing(file.metadata, "model.safetensors");
    BOOST_TEST_REQUIRE(pre.has_value());
    BOOST_TEST(pre->regression);
    BOOST_TEST((pre->missing == MissingValues::median));
    BOOST_TEST(pre->ignored_columns == std::vector<std::string>({"station"}));
    BOOST_TEST(pre->is_date(0));
    BOOST_TEST(pre->categories[3] == std::vector<std::string>({"none", "rain", "sun"}));

    // The very file trained on, with its gaps, its date column and the ignored column.
    const auto explain = run_agop_in(
        "explain --checkpoint m/model.safetensors --csv weather.csv --method "
        "integrated-gradients --ig-steps 300 --out e",
        dir);
    BOOST_TEST_REQUIRE(explain.exit_code == 0, explain.output);
    const CsvTable table = read_csv((dir / "e" / "attributions_integrated-gradients.csv").string());
    BOOST_TEST(table.header ==
               std::vector<std::string>({"line", "predicted_value", "date", "temp", "wind", "weather", "imputed"}));
    BOOST_TEST_REQUIRE(table.rows.size() == 240u);
    BOOST_TEST(table.rows[3].fields[6] == "temp");  // line 5: temp NA
    BOOST_TEST(table.rows[5].fields[6] == "wind");  // line 7: wind ''
    BOOST_TEST(table.rows[0].fields[6] == "");
    // Integrated gradients' completeness in the target's units: base + sum of values = predicted value.
    const auto json = nlohmann::json::parse(agop::test::read_text(dir / "e" / "explanation_integrated-gradients.json"));
    BOOST_TEST(json["output_names"] == nlohmann::json({"load"}));
    BOOST_TEST(json["model_output"] == "value");
    BOOST_TEST(!json.contains("probability"));
    for (std::size_t r = 0; r < 5; ++r) {
        double sum = json["base_values"][r].get<double>();
        for (const auto& v : json["values"][r]) sum += v.get<double>();
        BOOST_TEST(sum == json["predicted_value"][r].get<double>(), boost::test_tools::tolerance(1e-2));
        BOOST_TEST(json["predicted_value"][r].get<double>() == std::stod(table.rows[r].fields[1]),
                   boost::test_tools::tolerance(1e-6));
    }
    BOOST_TEST(json["imputed"][3] == nlohmann::json({"temp"}));
    // And rows without the ignored column.
    agop::test::write_text(dir / "rows.csv", "date,temp,wind,weather\n2015-03-04,NA,2.5,rain\n");
    const auto rows = run_agop_in("explain --checkpoint m/model.safetensors --csv rows.csv --out r", dir);
    BOOST_TEST(rows.exit_code == 0, rows.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_model_trained_with_refuse_refuses_missing_cells_at_explain_time) {
    const fs::path dir = agop::test::fresh_cli_directory("refuse_at_explain");
    std::string csv = "x,c,label\n";
    for (int i = 0; i < 60; ++i)
        csv += std::to_string(i % 9) + "," + (i % 4 ? "u" : "v") + "," + (i % 2 ? "a" : "b") + "\n";
    agop::test::write_text(dir / "t.csv", csv);
    const auto train = run_agop_in("train --data csv:t.csv:label --epochs 2 --quiet --out m", dir);
    BOOST_TEST_REQUIRE(train.exit_code == 0, train.output);
    agop::test::write_text(dir / "rows.csv", "x,c\nNA,u\n3,\n");
    const auto run = run_agop_in("explain --checkpoint m/model.safetensors --csv rows.csv --out e", dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("2 missing cell(s), at line 2") != std::string::npos, run.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
