// The image experiment end to end at tiny sizes: every table, figure and claim is there with
// the expected shape and finite numbers; and one XAI-TRIS LIN run learns enough for
// AGOP-Global to localise better than the random reference.

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "autodiff/error.hpp"
#include "experiments/image_experiment.hpp"

using namespace agop;

namespace {

ImageExperimentSizes tiny_sizes() {
    ImageExperimentSizes s = image_experiment_sizes(true);
    s.scenarios = {XaiTrisScenario::linear};
    s.backgrounds = {XaiTrisBackground::white};
    s.xai_tris.n_samples = 400;
    s.xai_tris.epochs = 3;
    s.xai_tris.every_k_batches = 2;
    s.xai_tris.max_explained = 12;
    s.clevr.n_images = 30;
    s.clevr.batch_size = 8;
    s.clevr.max_explained = 2;
    s.grid_rows = 2;
    return s;
}

const Table& table(const ExperimentResult& r, const std::string& id) {
    for (const auto& t : r.tables)
        if (t.id == id) return t;
    throw std::runtime_error("no table " + id);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_experiment_end_to_end)

BOOST_AUTO_TEST_CASE(tiny_run_returns_every_table_figure_and_claim) {
    ReproduceOptions options;
    options.quick = true;
    options.seeds = 1;
    options.quiet = true;
    options.agop_estimate_study = true;
    const ExperimentResult r = run_image_experiment(options, tiny_sizes());
    BOOST_TEST(r.name == "images");
    for (const auto& t : r.tables) BOOST_TEST(t.all_numbers_finite(), t.id);

    const Table& xai = table(r, "xai_tris");
    BOOST_TEST(xai.rows.size() == image_methods().size());  // one config x 8 methods
    BOOST_TEST(xai.columns.size() == 13u);
    BOOST_TEST(xai.columns.back() == "rows behind diag(M)");
    BOOST_TEST(xai.columns[10] == "models");  // "learned" or "near chance" beside the test accuracy
    BOOST_TEST((xai.rows[0][10].text == "learned" || xai.rows[0][10].text == "near chance"));
    // the accuracy and models rows, then one row per method
    BOOST_TEST(table(r, "xai_tris_miou").rows.size() == 2 + image_methods().size());
    BOOST_TEST(table(r, "xai_tris_miou").rows[0][0].text == "test accuracy");
    BOOST_TEST(table(r, "xai_tris_miou").columns.size() == 2u);
    BOOST_TEST(table(r, "agop_over_epochs").rows.size() == 3u);
    BOOST_TEST(table(r, "agop_estimate").rows.size() == 3u);  // one config x 3 estimates
    BOOST_TEST(table(r, "agop_over_epochs_trend").rows.size() == 1u);
    BOOST_TEST(table(r, "image_sanity").rows.size() == image_methods().size());
    const Table& clevr = table(r, "clevr_style");
    BOOST_TEST(clevr.title.find("stand-in") != std::string::npos);
    BOOST_TEST((clevr.rows.size() == image_methods().size() || !r.messages.empty()));

    BOOST_TEST_REQUIRE(r.heatmaps.size() >= 1u);
    const HeatmapGrid& grid = r.heatmaps[0];
    BOOST_TEST(grid.file == "xai_tris_lin_white.png");
    BOOST_TEST(grid.panels.size() == 2u);
    BOOST_TEST(grid.panels[0].size() == 2 + image_methods().size());
    BOOST_TEST(shape_of(grid.panels[0][2].map) == (Shape{8, 8}), boost::test_tools::per_element());
    BOOST_TEST(r.charts.size() == 2u);
    BOOST_TEST(r.charts[0].series.size() == 1u);
    BOOST_TEST(r.charts[0].series[0].y.size() == 3u);
    BOOST_TEST(r.claims.size() == 7u);  // the paper's six and the published pointing-game figures
    BOOST_TEST(table(r, "pointing_game_published").rows.size() >= 1u);
    BOOST_TEST(r.configuration.count("methods") == 1u);
    BOOST_TEST(r.configuration.at("xai_tris.training").find("3 epochs") != std::string::npos);
    BOOST_TEST(r.configuration.at("xai_tris.best_epoch").find("lin/white ") != std::string::npos);
    BOOST_TEST(r.configuration.at("methods").find("gauss-legendre") != std::string::npos);
    BOOST_TEST(r.seconds.at("total") > 0.0);
}

BOOST_AUTO_TEST_CASE(agop_global_localises_lin_better_than_random) {
    XaiTrisRunSizes sizes;
    sizes.n_samples = 1000;
    sizes.epochs = 10;
    sizes.batch_size = 64;
    sizes.learning_rate = 5e-3f;
    sizes.every_k_batches = 2;
    sizes.max_explained = 40;
    sizes.with_emd = false;
    XaiTrisRunRequest request;
    request.seed = 3;
    const XaiTrisRun run = run_xai_tris(request, sizes);
    BOOST_TEST_REQUIRE(run.explained > 0u);
    BOOST_TEST(run.test_accuracy > 0.7);  // 0.78 at these sizes; chance is 0.5
    BOOST_TEST(run.scores.at("agop-global").miou.mean > run.scores.at("random").miou.mean + 0.1);
    BOOST_TEST(run.epochs.size() == 10u);
}

BOOST_AUTO_TEST_CASE(probabilities_change_what_gradients_explain_and_double_softmax_changes_the_training) {
    XaiTrisRunSizes sizes;
    sizes.n_samples = 400;
    sizes.epochs = 3;
    sizes.batch_size = 64;
    sizes.learning_rate = 5e-3f;
    sizes.max_explained = 12;
    sizes.with_emd = false;
    XaiTrisRunRequest request;
    request.seed = 5;
    const XaiTrisRun logits = run_xai_tris(request, sizes);
    BOOST_TEST_REQUIRE(logits.explained > 0u);
    sizes.explain_probabilities = true;
    const XaiTrisRun probabilities = run_xai_tris(request, sizes);
    // The same model and diag(M): AGOP-Global (diag(M) alone) is unchanged, the gradients are not.
    BOOST_TEST(probabilities.test_accuracy == logits.test_accuracy);
    BOOST_TEST(probabilities.scores.at("agop-global").mass_accuracy.mean ==
               logits.scores.at("agop-global").mass_accuracy.mean);
    BOOST_TEST(probabilities.scores.at("vanilla-grad").mass_accuracy.mean !=
               logits.scores.at("vanilla-grad").mass_accuracy.mean);
    sizes.explain_probabilities = false;
    sizes.double_softmax = true;
    const XaiTrisRun double_softmax = run_xai_tris(request, sizes);
    BOOST_TEST(double_softmax.scores.at("agop-global").mass_accuracy.mean !=
               logits.scores.at("agop-global").mass_accuracy.mean);  // other weights, so another diag(M)
}

BOOST_AUTO_TEST_CASE(agop_estimate_study_scores_each_estimate_on_the_same_model) {
    XaiTrisRunSizes sizes;
    sizes.n_samples = 400;  // 320 training rows
    sizes.epochs = 3;
    sizes.batch_size = 64;  // 5 batches per epoch: the sampled hook (k = 2) uses 0, 2, 4
    sizes.learning_rate = 5e-3f;
    sizes.every_k_batches = 2;
    sizes.max_explained = 12;
    sizes.with_emd = false;
    sizes.agop_estimate_study = true;
    XaiTrisRunRequest request;
    request.seed = 5;
    const XaiTrisRun run = run_xai_tris(request, sizes);
    BOOST_TEST_REQUIRE(run.explained > 0u);
    BOOST_REQUIRE(run.estimate_study.size() == 3u);
    const AgopEstimateScores& sampled = run.estimate_study[0];
    const AgopEstimateScores& every_batch = run.estimate_study[1];
    const AgopEstimateScores& post_hoc = run.estimate_study[2];
    BOOST_TEST((sampled.estimate == AgopEstimate::hook_sampled && post_hoc.estimate == AgopEstimate::post_hoc));
    BOOST_TEST(sampled.rows == 64u + 64u + 64u);
    BOOST_TEST(every_batch.rows == 320u);
    BOOST_TEST(post_hoc.rows == 320u);
    BOOST_TEST(run.agop_rows == post_hoc.rows);  // the default the methods used
    // The default estimate's scores in the study are the main table's: the same maps.
    BOOST_TEST(post_hoc.weighted.miou.mean == run.scores.at("agop-weighted").miou.mean);
    BOOST_TEST(post_hoc.global.pointing_game.mean == run.scores.at("agop-global").pointing_game.mean);
    BOOST_TEST(sampled.epochs.size() == 3u);
    BOOST_TEST(every_batch.epochs.size() == 3u);
    BOOST_TEST(post_hoc.epochs.empty());

    // Choosing the sampled hook makes the methods use it, from the same seed and so the same model.
    sizes.agop_estimate = AgopEstimate::hook_sampled;
    sizes.agop_estimate_study = false;
    const XaiTrisRun chosen = run_xai_tris(request, sizes);
    BOOST_TEST(chosen.agop_rows == 192u);
    BOOST_TEST(chosen.scores.at("agop-weighted").miou.mean == sampled.weighted.miou.mean);
    BOOST_TEST(chosen.scores.at("agop-global").miou.mean == sampled.global.miou.mean);
}

BOOST_AUTO_TEST_CASE(agop_estimate_words_parse_and_unknown_ones_are_refused) {
    BOOST_TEST((parse_agop_estimate("post-hoc") == AgopEstimate::post_hoc));
    BOOST_TEST((parse_agop_estimate("hook-every-batch") == AgopEstimate::hook_every_batch));
    BOOST_CHECK_THROW(parse_agop_estimate("posthoc"), Error);
    BOOST_TEST(agop_estimate_name(AgopEstimate::hook_sampled, 8) == "hook every 8th batch");
}

BOOST_AUTO_TEST_SUITE_END()
