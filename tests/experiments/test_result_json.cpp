// ExperimentResult and its parts through JSON text and back: every field, NaN and infinite
// cells included, comes back the same, and a missing field is refused naming where.

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "autodiff/error.hpp"
#include "experiments/result_json.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(result_json)

namespace {

ExperimentResult sample_result() {
    ExperimentResult result;
    result.name = "demo";
    Table table{"demo_table", "A demo", {"method", "score", "ms"}, {}, {"a note"}};
    table.add_row({Cell::of_text("a"), Cell::of_interval(0.1 + 0.2, 1e-17, 4), Cell::of_number(INFINITY)});
    table.add_row({Cell::of_text(""), Cell::of_number(std::nan("")), Cell::of_number(-INFINITY, 0)});
    result.tables.push_back(table);
    Tensor map = Tensor::from_shape({2, 3});
    for (std::size_t i = 0; i < map.size(); ++i) map.data()[i] = 0.1f * static_cast<float>(i) - 0.25f;
    result.heatmaps.push_back({"demo.png", "grid", {"c"}, {"r"}, {{HeatmapPanel{map, true}}}});
    result.charts.push_back({"chart.png", "chart", "x", "y", {Series{"s", {0.0, 1.0 / 3.0}, {2.0 / 3.0, 1e300}}}});
    result.claims.push_back({"paper", "statement", true, "evidence", false});
    result.configuration["k"] = "v";
    result.seconds["stage"] = 1.0 / 7.0;
    result.messages.push_back("message");
    return result;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_experiment_result_comes_back_the_same_through_json_text) {
    const ExperimentResult result = sample_result();
    const std::string text = experiment_result_to_json(result).dump();
    const ExperimentResult back = experiment_result_from_json(nlohmann::json::parse(text), "demo unit");
    // Written again, it is the same text: nothing was lost or changed.
    BOOST_TEST(experiment_result_to_json(back).dump() == text);

    const Table& table = back.tables.at(0);
    BOOST_TEST(table.rows[0][1].value == 0.1 + 0.2);
    BOOST_TEST(table.rows[0][1].half_width == 1e-17);
    BOOST_TEST(table.rows[0][1].decimals == 4);
    BOOST_TEST(std::isinf(table.rows[0][2].value));
    BOOST_TEST(std::isnan(table.rows[1][1].value));
    BOOST_TEST(table.rows[1][2].value == -INFINITY);
    BOOST_TEST(to_csv(table) == to_csv(result.tables[0]));
    BOOST_TEST(back.heatmaps.at(0).panels[0][0].diverging);
    BOOST_TEST(back.heatmaps[0].panels[0][0].map(1, 2) == result.heatmaps[0].panels[0][0].map(1, 2));
    BOOST_TEST(back.charts.at(0).series[0].x[1] == 1.0 / 3.0);
    BOOST_TEST(!back.claims.at(0).checked);
    BOOST_TEST(back.seconds.at("stage") == 1.0 / 7.0);
    BOOST_TEST(back.messages == result.messages, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_missing_field_is_refused_naming_the_unit_and_the_field) {
    nlohmann::json json = experiment_result_to_json(sample_result());
    json["tables"][0].erase("columns");
    BOOST_CHECK_EXCEPTION(experiment_result_from_json(json, "images/all"), Error, [](const Error& e) {
        const std::string what = e.what();
        return what.find("images/all") != std::string::npos && what.find("\"columns\"") != std::string::npos;
    });
    BOOST_CHECK_THROW(number_from_json(nlohmann::json("many"), "x"), Error);
}

BOOST_AUTO_TEST_SUITE_END()
