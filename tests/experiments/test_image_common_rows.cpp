// --scored-rows all-seeds: every seed's scores re-averaged over the test rows all seeds' models
// classify correctly.

#include <boost/test/unit_test.hpp>

#include "experiments/image_common_rows.hpp"

using namespace agop;

namespace {

XaiTrisRun run_scoring(std::vector<std::size_t> rows, std::vector<double> miou) {
    XaiTrisRun run;
    run.explained = rows.size();
    run.scored_test_rows = std::move(rows);
    run.scores["agop-weighted"].miou = sample_mean("test", miou);
    run.scores["agop-weighted"].pointing_game = sample_mean("test", std::vector<double>(miou.size(), 1.0));
    return run;
}

XaiTrisResults two_seeds() {
    XaiTrisResults results;
    results.settings = {{XaiTrisScenario::linear, XaiTrisBackground::white}};
    results.runs = {{run_scoring({1, 3, 5, 7}, {0.1, 0.2, 0.3, 0.4})}, {run_scoring({3, 4, 7}, {0.5, 0.6, 0.7})}};
    return results;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_common_rows)

BOOST_AUTO_TEST_CASE(all_seeds_keeps_the_rows_every_model_classifies_correctly) {
    XaiTrisResults results = two_seeds();
    restrict_to_common_rows(results, 0);
    for (const auto& seed_runs : results.runs) {
        BOOST_TEST(seed_runs[0].explained == 2u);
        BOOST_TEST((seed_runs[0].scored_test_rows == std::vector<std::size_t>{3, 7}));
    }
    const SampleMean& first = results.runs[0][0].scores.at("agop-weighted").miou;
    BOOST_TEST((first.per_sample == std::vector<double>{0.2, 0.4}));
    BOOST_TEST(first.mean == 0.3, boost::test_tools::tolerance(1e-15));
    const SampleMean& second = results.runs[1][0].scores.at("agop-weighted").miou;
    BOOST_TEST((second.per_sample == std::vector<double>{0.5, 0.7}));
    BOOST_TEST(results.runs[1][0].scores.at("agop-weighted").pointing_game.per_sample.size() == 2u);
    BOOST_TEST(results.runs[0][0].scores.at("agop-weighted").emd.per_sample.empty());  // not computed stays so
}

BOOST_AUTO_TEST_CASE(all_seeds_caps_the_common_rows) {
    XaiTrisResults results = two_seeds();
    restrict_to_common_rows(results, 1);
    BOOST_TEST((results.runs[1][0].scored_test_rows == std::vector<std::size_t>{3}));
    BOOST_TEST(results.runs[1][0].scores.at("agop-weighted").miou.mean == 0.5);
}

BOOST_AUTO_TEST_SUITE_END()
