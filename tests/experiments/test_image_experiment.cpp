// The helpers of the image experiment: choosing the samples to explain, scoring a batch of
// maps, heat-map grids, the epoch trend and the claim checks.

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "experiments/image_claims.hpp"
#include "experiments/image_explanations.hpp"
#include "support/expect_error.hpp"

using namespace agop;

namespace {

// Two samples of 2x2: the masks mark pixel 0 and pixel 3; the maps put their maximum there.
const Tensor kMasks = {{{1, 0}, {0, 0}}, {{0, 0}, {0, 1}}};
const Tensor kPerfectMaps = {{{5, 0}, {0, 0}}, {{0, 0}, {0, 2}}};

std::map<std::string, double> miou_of(double weighted, double global, double ig, double cam, double grad,
                                      double random) {
    return {{"agop-weighted", weighted}, {"agop-local", grad},  {"agop-global", global}, {"integrated-gradients", ig},
            {"smoothgrad", grad},        {"gradcam", cam},      {"vanilla-grad", grad},  {"random", random}};
}

const Claim& claim_about(const std::vector<Claim>& claims, const std::string& words) {
    for (const auto& c : claims)
        if (c.statement.find(words) != std::string::npos) return c;
    throw std::runtime_error("no claim mentions " + words);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_experiment_helpers)

BOOST_AUTO_TEST_CASE(correctly_classified_keeps_rows_whose_first_argmax_is_the_label) {
    const Tensor logits = {{2, 1}, {0, 3}, {1, 1}, {1, 1}, {-1, -2}};
    const std::vector<std::size_t> correct = correctly_classified(logits, {0, 0, 0, 1, 0});
    BOOST_TEST(correct == (std::vector<std::size_t>{0, 2, 4}), boost::test_tools::per_element());
    expect_error_mentioning([&] { correctly_classified(logits, {0, 1}); }, {"correctly_classified"});
}

BOOST_AUTO_TEST_CASE(localisation_scores_of_maps_that_match_the_masks_are_perfect) {
    const LocalisationScores s = localisation_scores(kPerfectMaps, kMasks, true);
    BOOST_TEST(s.miou.mean == 1.0);
    BOOST_TEST(s.pointing_game.mean == 1.0);
    BOOST_TEST(s.precision.mean == 1.0);
    BOOST_TEST(s.mass_accuracy.mean == 1.0);
    BOOST_TEST(s.rank_accuracy.mean == 1.0);
    BOOST_TEST(s.emd.mean == 1.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(s.miou.per_sample.size() == 2u);
    // Maps pointing at the other sample's pixel score 0 everywhere, and no EMD when not asked.
    const Tensor swapped = {{{0, 0}, {0, 1}}, {{1, 0}, {0, 0}}};
    const LocalisationScores wrong = localisation_scores(swapped, kMasks, false);
    BOOST_TEST(wrong.miou.mean == 0.0);
    BOOST_TEST(wrong.pointing_game.mean == 0.0);
    BOOST_TEST(wrong.mass_accuracy.mean == 0.0);
    BOOST_TEST(wrong.emd.per_sample.empty());
}

BOOST_AUTO_TEST_CASE(attribution_grid_puts_image_mask_and_each_method_in_a_row) {
    const Tensor images = {{{{-1, 1}, {0, 0}}}, {{{1, 1}, {0, 0}}}};  // (2, 1, 2, 2)
    const std::map<std::string, Tensor> maps = {{"a", kPerfectMaps}, {"b", kPerfectMaps * 2.0f}};
    const HeatmapGrid grid = attribution_grid("g.png", "title", images, kMasks, maps, {"b", "a"});
    BOOST_TEST(grid.file == "g.png");
    BOOST_TEST(grid.column_titles == (std::vector<std::string>{"image", "ground truth", "b", "a"}),
               boost::test_tools::per_element());
    BOOST_TEST(grid.row_titles.size() == 2u);
    BOOST_TEST(grid.panels.size() == 2u);
    BOOST_TEST(grid.panels[1].size() == 4u);
    BOOST_TEST(grid.panels[0][0].diverging);  // a one-channel image is signed
    BOOST_TEST(shape_of(grid.panels[0][0].map) == (Shape{2, 2}), boost::test_tools::per_element());
    BOOST_TEST(grid.panels[1][2].map(1, 1) == 4.0f);  // column "b" of sample 1
    BOOST_TEST(grid.panels[1][3].map(1, 1) == 2.0f);  // column "a"

    const Tensor rgb = xt::zeros<float>({2, 3, 2, 2});
    const HeatmapGrid colour = attribution_grid("c.png", "t", rgb, kMasks, maps, {"a"});
    BOOST_TEST(shape_of(colour.panels[0][0].map) == (Shape{3, 2, 2}), boost::test_tools::per_element());
    BOOST_TEST(!colour.panels[0][0].diverging);
    expect_error_mentioning([&] { attribution_grid("x.png", "t", images, kMasks, maps, {"missing"}); }, {"missing"});
}

BOOST_AUTO_TEST_CASE(epoch_trend_finds_the_plateau_and_the_rank_correlation) {
    // Accuracy plateaus at epoch 2 (0.90 within 0.01 of the best 0.905); mIoU keeps rising.
    const std::vector<EpochQuality> epochs = {
        {1, 0.60, 0.2, 0.3}, {2, 0.90, 0.3, 0.4}, {3, 0.905, 0.5, 0.6}, {4, 0.90, 0.7, 0.8}};
    const EpochTrend trend = epoch_trend(epochs);
    BOOST_TEST(trend.spearman_miou == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(trend.spearman_precision == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(trend.plateau_epoch == 2u);
    BOOST_TEST(trend.miou_at_plateau == 0.3);
    BOOST_TEST(trend.miou_at_end == 0.7);
    const EpochTrend falling = epoch_trend({{1, 0.5, 0.9, 0.9}, {2, 0.6, 0.1, 0.1}});
    BOOST_TEST(falling.spearman_miou == -1.0, boost::test_tools::tolerance(1e-12));
    expect_error_mentioning([&] { epoch_trend({epochs[0]}); }, {"epoch_trend", "2 epochs"});
}

BOOST_AUTO_TEST_CASE(relative_improvement_is_ours_over_reference_minus_one) {
    BOOST_TEST(relative_improvement(1.44, 1.0) == 0.44, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(relative_improvement(0.7, 0.1) == 6.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(std::isnan(relative_improvement(1.0, 0.0)));
}

BOOST_AUTO_TEST_CASE(claims_follow_the_numbers_they_are_given) {
    ImageClaimInputs in;
    in.xai_tris_miou["lin/white"] = miou_of(0.6, 0.8, 0.4, 0.2, 0.5, 0.15);
    in.xai_tris_miou["mult/white"] = miou_of(0.3, 0.7, 0.1, 0.15, 0.2, 0.15);
    in.trends = {{0.9, 0.8, 3, 0.5, 0.7}};
    const std::vector<Claim> claims = image_claims(in);
    BOOST_TEST(claims.size() == 6u);
    for (const auto& c : claims) BOOST_TEST(c.paper == "AGOP as Explanation");
    const Claim& lin = claim_about(claims, "44%");
    BOOST_TEST(lin.supported);
    BOOST_TEST(lin.evidence.find("+50%") != std::string::npos);  // 0.6 / 0.4 − 1
    const Claim& mult = claim_about(claims, "7x");
    BOOST_TEST(mult.supported);                                     // 0.7 > 0.1 and 0.1 < random 0.15
    BOOST_TEST(mult.evidence.find("7.00x") != std::string::npos);
    BOOST_TEST(mult.evidence.find("§2.7") != std::string::npos);
    BOOST_TEST(!claim_about(claims, "CLEVR").supported);           // not run here
    BOOST_TEST(claim_about(claims, "CLEVR").evidence.find("not evaluated") != std::string::npos);
    BOOST_TEST(claim_about(claims, "Grad-CAM fails").supported);   // 0.175 <= 0.15 + 0.05 and < 0.35
    BOOST_TEST(claim_about(claims, "beat Grad-CAM").supported);    // min(0.45, 0.75) > max(0.175, 0.35)
    BOOST_TEST(claim_about(claims, "monotonically").supported);

    in.xai_tris_miou["lin/white"]["integrated-gradients"] = 0.9;   // IG now better than AGOP-Weighted on LIN
    in.clevr_style_miou = miou_of(0.5, 0.6, 0.4, 0.7, 0.3, 0.1);  // Grad-CAM best on the scenes
    in.trends = {{-0.2, 0.1, 3, 0.5, 0.4}};
    const std::vector<Claim> against = image_claims(in);
    BOOST_TEST(!claim_about(against, "44%").supported);
    BOOST_TEST(claim_about(against, "CLEVR").supported);
    BOOST_TEST(claim_about(against, "CLEVR").evidence.find("stand-in") != std::string::npos);
    BOOST_TEST(!claim_about(against, "beat Grad-CAM").supported);
    BOOST_TEST(!claim_about(against, "monotonically").supported);
}

BOOST_AUTO_TEST_SUITE_END()
