// The XAI-TRIS half of issue 21's finding: the metrics without ground truth on image patches
// (a linear model whose deletion and insertion areas are known in closed form), and the rank
// agreement table built from runs whose rankings are set by hand.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "autodiff/ops.hpp"
#include "autodiff/rng.hpp"
#include "eval/attribution_scorecard.hpp"
#include "experiments/image_no_truth.hpp"
#include "experiments/image_no_truth_table.hpp"
#include "experiments/image_unit_json.hpp"
#include "support/expect_error.hpp"

using namespace agop;
namespace tt = boost::test_tools;

namespace {

// f_0(x) = sum of the 2 x 2 bottom-right patch of a (1, 4, 4) image, f_1 = −f_0.
ExplainedModel bottom_right_patch_model() {
    auto w = std::make_shared<Tensor>(Tensor::from_shape({2, 16}));
    w->fill(0.0f);
    for (std::size_t p : {10, 11, 14, 15}) {
        (*w)(0, p) = 1.0f;
        (*w)(1, p) = -1.0f;
    }
    auto b = std::make_shared<Tensor>(Tensor::from_shape({2}));
    b->fill(0.0f);
    ExplainedModel model;
    model.logits = [w, b](Tape& tape, const Var& x) {
        return linear(flatten(x), tape.parameter(*w, nullptr), tape.parameter(*b, nullptr));
    };
    return model;
}

// Patches (2 x 2 on 4 x 4) numbered 0 1 / 2 3; the model reads patch 3. `order` gives each
// patch's group attribution (spread evenly over its 4 pixels), the same for every row.
Tensor patch_attributions(std::size_t rows, const std::vector<float>& per_patch) {
    Tensor a = Tensor::from_shape({rows, 1, 4, 4});
    for (std::size_t n = 0; n < rows; ++n)
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 4; ++j) a(n, 0, i, j) = per_patch[(i / 2) * 2 + j / 2] / 4.0f;
    return a;
}

// Three methods that put the model's patch first, second and third in their order.
std::map<std::string, std::vector<float>> patch_orders() {
    return {{"first", {3, 2, 1, 4}}, {"second", {4, 2, 1, 3}}, {"third", {4, 3, 1, 2}}};
}

XaiTrisRun run_with(const std::map<std::string, std::map<std::string, double>>& no_truth,
                    const std::map<std::string, double>& miou) {
    XaiTrisRun run;
    run.no_truth = no_truth;
    for (const auto& [method, value] : miou) {
        run.scores[method].miou.mean = value;
        run.scores[method].pointing_game.mean = value;
        run.scores[method].emd.mean = value;
    }
    return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_no_truth)

BOOST_AUTO_TEST_CASE(deletion_and_insertion_areas_follow_where_each_method_puts_the_models_patch) {
    const ExplainedModel model = bottom_right_patch_model();
    const std::size_t rows = 6;
    const Tensor x = Rng(5).uniform_tensor({rows, 1, 4, 4}, 0.5, 1.5);
    std::map<std::string, Tensor> attributions;
    for (const auto& [method, order] : patch_orders()) attributions[method] = patch_attributions(rows, order);
    const MethodExplainer explain_method = [&](const std::string& method, const Tensor& inputs,
                                               const std::vector<int>&) {
        return patch_attributions(inputs.shape()[0], patch_orders().at(method));
    };
    ImageNoTruthSizes sizes;
    sizes.rows = 4;  // the first 4 of 6 rows
    sizes.stability_rows = 2;
    const NoTruthValues values =
        image_no_truth_values(model, x, std::vector<int>(rows, 0), attributions, explain_method, sizes, 11);
    // s = f_0(x), the mean over the 4 scored rows. With S = G = 4 steps, the patch at position
    // p of the order: deletion y = s for the first p + 1 points, then 0 -> area (p + 1/2) s / 4;
    // insertion y = 0 for the first p + 1 points, then s -> area (3.5 − p) s / 4.
    double s = 0.0;
    for (std::size_t n = 0; n < 4; ++n)
        for (std::size_t p : {10u, 11u, 14u, 15u}) s += x.data()[n * 16 + p] / 4.0;
    const std::vector<std::string> methods{"first", "second", "third"};
    for (std::size_t p = 0; p < 3; ++p) {
        const auto& m = values.at(methods[p]);
        BOOST_TEST(m.at("deletion") == (p + 0.5) * s / 4.0, tt::tolerance(1e-5));
        BOOST_TEST(m.at("insertion") == (3.5 - p) * s / 4.0, tt::tolerance(1e-5));
        BOOST_TEST(m.at("max-sensitivity") == 0.0);  // the attributions do not move with x
        BOOST_TEST(m.size() == image_no_truth_metrics().size());
    }
    // A ground truth that ranks first > second > third: both areas agree with it exactly.
    const std::vector<double> truth{0.9, 0.5, 0.1};
    auto of = [&](const std::string& metric) {
        return std::vector<double>{values.at("first").at(metric), values.at("second").at(metric),
                                   values.at("third").at(metric)};
    };
    BOOST_TEST(rank_agreement("deletion", of("deletion"), truth) == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(rank_agreement("insertion", of("insertion"), truth) == 1.0, tt::tolerance(1e-12));
    // Same seed, same bits (infidelity, PGI/PGU and faithfulness correlation draw noise).
    const NoTruthValues again =
        image_no_truth_values(model, x, std::vector<int>(rows, 0), attributions, explain_method, sizes, 11);
    for (const auto& [method, metrics] : values)
        for (const auto& [metric, value] : metrics)
            BOOST_TEST(std::memcmp(&value, &again.at(method).at(metric), sizeof value) == 0, method + " " + metric);
    sizes.baseline = "grey";
    expect_error_mentioning(
        [&] { image_no_truth_values(model, x, std::vector<int>(rows, 0), attributions, explain_method, sizes, 11); },
        {"baseline", "grey", "zeros or blur"});
}

BOOST_AUTO_TEST_CASE(agreement_is_one_or_minus_one_per_seed_and_near_chance_settings_stay_out_of_the_verdict) {
    // deletion (lower is better) orders a > b > c as mIoU does; insertion (higher) reverses it.
    const std::map<std::string, double> miou{{"a", 0.9}, {"b", 0.5}, {"c", 0.1}};
    const XaiTrisRun agreeing = run_with({{"a", {{"deletion", 1.0}, {"insertion", 1.0}}},
                                          {"b", {{"deletion", 2.0}, {"insertion", 2.0}}},
                                          {"c", {{"deletion", 3.0}, {"insertion", 3.0}}}},
                                         miou);
    XaiTrisRun opposite = agreeing;  // the near-chance setting: deletion reversed
    for (auto& [method, metrics] : opposite.no_truth) metrics["deletion"] = -metrics["deletion"];
    XaiTrisRun tied = agreeing;  // a seed whose ground truth ties every method: left out
    for (auto& [method, s] : tied.scores) s.miou.mean = 0.5;

    XaiTrisResults results;
    results.settings = {{XaiTrisScenario::linear, XaiTrisBackground::white},
                        {XaiTrisScenario::linear, XaiTrisBackground::correlated}};
    results.runs = {{agreeing, opposite}, {agreeing, opposite}, {tied, opposite}};
    results.accuracy = {setting_accuracy({0.9, 0.92, 0.91}, 0.5), setting_accuracy({0.5, 0.52, 0.49}, 0.5)};

    const auto with_miou = no_truth_agreement(results, 0, "mIoU");
    BOOST_TEST(with_miou.at("deletion") == (std::vector<double>{1.0, 1.0}), tt::per_element());
    BOOST_TEST(with_miou.at("insertion") == (std::vector<double>{-1.0, -1.0}), tt::per_element());
    BOOST_TEST(no_truth_agreement(results, 0, "pointing game").at("deletion").size() == 3u);
    BOOST_TEST(no_truth_agreement(results, 1, "mIoU").at("deletion") == (std::vector<double>(3, -1.0)),
               tt::per_element());

    ImageExperimentSizes sizes;
    const Table t = no_truth_agreement_table(results, sizes);
    BOOST_TEST(t.id == "xai_tris_no_truth_agreement");
    bool pooled_deletion_found = false;
    for (const auto& row : t.rows)
        if (row[0].text == "all learned" && row[4].text == "deletion") {
            pooled_deletion_found = true;
            BOOST_TEST(row[6].value == 1.0);  // the near-chance setting's −1s are not pooled
        }
    BOOST_TEST(pooled_deletion_found);
    const std::string& shows = t.notes.back();
    BOOST_TEST(shows.find("1 learned settings") != std::string::npos, shows);
    BOOST_TEST(shows.find("against mIoU, deletion") != std::string::npos, shows);
    BOOST_TEST(shows.find("; insertion ") != std::string::npos, shows);
    BOOST_TEST(shows.find(" reverses it") != std::string::npos, shows);
    bool near_chance_marked = false;
    for (const auto& row : t.rows) near_chance_marked = near_chance_marked || row[3].text == "near chance";
    BOOST_TEST(near_chance_marked);
}

BOOST_AUTO_TEST_CASE(no_table_when_no_run_scored_the_metrics) {
    XaiTrisResults results;
    results.settings = {{XaiTrisScenario::linear, XaiTrisBackground::white}};
    results.runs = {{XaiTrisRun{}}};
    results.accuracy = {setting_accuracy({0.9}, 0.5)};
    const ImageExperimentSizes sizes;
    BOOST_TEST(no_truth_agreement_table(results, sizes).id.empty());
}

BOOST_AUTO_TEST_CASE(the_metric_values_survive_the_unit_json) {
    ImageUnitResult unit;
    unit.xai_tris = XaiTrisRun{};
    unit.xai_tris->no_truth = {{"smoothgrad", {{"pgi", 1.0 / 3.0}, {"ris", -0.0}}}};
    unit.xai_tris->no_truth_seconds = 0.25;
    const ImageUnitResult back = image_unit_from_json(nlohmann::json::parse(image_unit_to_json(unit).dump()));
    const double pgi = back.xai_tris->no_truth.at("smoothgrad").at("pgi");
    const double expected = 1.0 / 3.0;
    BOOST_TEST(std::memcmp(&pgi, &expected, sizeof pgi) == 0);
    BOOST_TEST(std::signbit(back.xai_tris->no_truth.at("smoothgrad").at("ris")));
    BOOST_TEST(back.xai_tris->no_truth_seconds == 0.25);
}

BOOST_AUTO_TEST_CASE(a_tiny_xai_tris_run_scores_every_method_on_the_first_rows_only) {
    XaiTrisRunSizes sizes;
    sizes.n_samples = 200;
    sizes.epochs = 2;
    sizes.with_emd = false;
    sizes.no_truth.rows = 3;
    sizes.no_truth.stability_rows = 2;
    sizes.no_truth.stability_draws = 2;
    XaiTrisRunRequest request;
    request.seed = 4;
    const XaiTrisRun run = run_xai_tris(request, sizes);
    BOOST_TEST_REQUIRE(run.explained > 0u);
    BOOST_TEST(run.no_truth.size() == image_methods().size());
    for (const auto& [method, metrics] : run.no_truth) {
        BOOST_TEST(metrics.size() == image_no_truth_metrics().size(), method);
        for (const auto& [metric, value] : metrics) BOOST_TEST(std::isfinite(value), method + " " + metric);
    }
    sizes.no_truth.rows = 0;
    BOOST_TEST(run_xai_tris(request, sizes).no_truth.empty());
}

BOOST_AUTO_TEST_SUITE_END()
