// The published pointing-game figures beside ours: verdicts from hand-made values.

#include <boost/test/unit_test.hpp>

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
    const PointingGameComparison c = compare_pointing_game(ours, true, false);
    BOOST_REQUIRE(c.table.rows.size() == 2u);
    BOOST_TEST(c.table.rows[0][3].text == "agrees");
    BOOST_TEST(c.table.rows[0][4].text == "integrated-gradients");
    BOOST_TEST(c.table.rows[0][6].text == "ours higher by 23.3 points");
    BOOST_TEST(c.table.rows[1][3].text == "ours lower by 30.6 points");
    BOOST_TEST(!c.claim.supported);
    ours.erase("mult");
    BOOST_TEST(compare_pointing_game(ours, true, false).claim.supported);
}

BOOST_AUTO_TEST_CASE(a_stand_in_clevr_row_is_not_compared) {
    PointingGameValues ours;
    ours["clevr-xai"]["agop-weighted"] = {1, 0, 1, 1};
    const PointingGameComparison c = compare_pointing_game(ours, true, false);
    BOOST_REQUIRE(c.table.rows.size() == 1u);
    BOOST_TEST(c.table.rows[0][3].text == "not comparable: procedural stand-in");
    BOOST_TEST(!c.claim.supported);  // no XAI-TRIS row: not evaluated
    BOOST_TEST(c.claim.evidence.find("not evaluated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_agop_weighted_values_is_an_error) {
    PointingGameValues ours;
    ours["lin"]["vanilla-grad"] = {0.5};
    expect_error_mentioning([&] { compare_pointing_game(ours, true, false); }, {"AGOP-Weighted"});
}

BOOST_AUTO_TEST_SUITE_END()
