// The published pointing-game figures beside ours: verdicts from hand-made values.

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>

#include "experiments/published_pointing_game.hpp"
#include "support/expect_error.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(published_pointing_game_check)

BOOST_AUTO_TEST_CASE(figures_are_the_papers_in_percent) {
    const auto& figures = published_pointing_game();
    BOOST_REQUIRE(figures.size() == 5u);
    BOOST_TEST(figures[0].row == "lin");
    BOOST_TEST(figures[0].percent == 66.7);
    BOOST_TEST(figures[3].row == "xor");
    BOOST_TEST(figures[3].percent == 49.7);  // listed as 0.497
    BOOST_TEST(figures[4].percent == 28.2);
}

BOOST_AUTO_TEST_CASE(verdicts_follow_the_interval_and_tolerance) {
    PointingGameValues ours;
    ours["lin"]["agop-weighted"] = {0.66, 0.68, 0.67};  // 67.0: agrees with 66.7
    ours["lin"]["integrated-gradients"] = {0.9, 0.9, 0.9};
    ours["lin"]["random"] = {1.0, 1.0, 1.0};            // never the best method
    ours["mult"]["agop-weighted"] = {0.2, 0.2, 0.2};    // 20.0: lower by 30.6 points
    const PointingGameComparison c = compare_pointing_game(ours, {}, true, false);
    BOOST_REQUIRE(c.table.rows.size() == 2u);
    BOOST_TEST(c.table.rows[0][5].text == "agrees");
    BOOST_TEST(c.table.rows[0][6].text == "integrated-gradients");
    BOOST_TEST(c.table.rows[0][8].text == "ours higher by 23.3 points");
    BOOST_TEST(c.table.rows[1][5].text == "ours lower by 30.6 points");
    BOOST_TEST(!c.claim.supported);
    ours.erase("mult");
    BOOST_TEST(compare_pointing_game(ours, {}, true, false).claim.supported);
}

BOOST_AUTO_TEST_CASE(a_stand_in_clevr_row_is_not_compared) {
    PointingGameValues ours;
    ours["clevr-xai"]["agop-weighted"] = {1, 0, 1, 1};
    const PointingGameComparison c = compare_pointing_game(ours, {}, true, false);
    BOOST_REQUIRE(c.table.rows.size() == 1u);
    BOOST_TEST(c.table.rows[0][5].text == "not comparable: procedural stand-in");
    BOOST_TEST(!c.claim.supported);  // no XAI-TRIS row: not evaluated
    BOOST_TEST(c.claim.evidence.find("not evaluated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_row_whose_models_are_near_chance_gets_no_verdict_and_leaves_the_claim) {
    PointingGameValues ours;
    ours["lin"]["agop-weighted"] = {0.66, 0.68, 0.67};  // agrees
    ours["mult"]["agop-weighted"] = {0.2, 0.2, 0.2};    // would disagree, but its models are near chance
    std::map<std::string, SettingAccuracy> accuracy;
    accuracy["lin"] = setting_accuracy({0.95, 0.97, 0.96}, 0.5);
    accuracy["mult"] = setting_accuracy({0.52, 0.60, 0.56}, 0.5);  // interval reaches 0.55
    BOOST_TEST(!accuracy["lin"].near_chance);
    BOOST_TEST(accuracy["mult"].near_chance);
    const PointingGameComparison c = compare_pointing_game(ours, accuracy, true, false);
    BOOST_REQUIRE(c.table.rows.size() == 2u);
    BOOST_TEST(c.table.rows[0][2].text == "learned");
    BOOST_TEST(c.table.rows[1][2].text == "near chance");
    BOOST_TEST(c.table.rows[1][5].text == "not testable: models near chance");
    BOOST_TEST(c.claim.supported);  // lin alone decides
    BOOST_TEST(c.claim.evidence.find("not testable): mult") != std::string::npos);
    ours.erase("lin");
    const PointingGameComparison none = compare_pointing_game(ours, accuracy, true, false);
    BOOST_TEST(!none.claim.checked);
    BOOST_TEST(none.claim.evidence.find("not testable: models near chance (mult)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_seed_is_near_chance_when_its_accuracy_is_within_chance_plus_0_05) {
    BOOST_TEST(setting_accuracy({0.55}, 0.5).near_chance);
    BOOST_TEST(!setting_accuracy({0.56}, 0.5).near_chance);
    BOOST_TEST(setting_accuracy({0.56}, 0.5).cell.formatted() == "0.560");
    BOOST_TEST(models_word(setting_accuracy({0.9}, 0.5)) == "learned");
}

BOOST_AUTO_TEST_CASE(no_agop_weighted_values_is_an_error) {
    PointingGameValues ours;
    ours["lin"]["vanilla-grad"] = {0.5};
    expect_error_mentioning([&] { compare_pointing_game(ours, {}, true, false); }, {"AGOP-Weighted"});
}

BOOST_AUTO_TEST_SUITE_END()
