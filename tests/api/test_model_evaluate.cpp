// Model::evaluate: the public call scores as the engine's scorecard does, bit for bit, and
// re-runs the named method for the stability and randomisation metrics.

#include <boost/test/unit_test.hpp>

#include "agop/agop.hpp"
#include "api/api_fixtures.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/targets.hpp"
#include "eval/attribution_scorecard.hpp"
#include "nn/checkpoint.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(api_model_evaluate)

BOOST_AUTO_TEST_CASE(evaluate_matches_the_engine_scorecard_bit_for_bit) {
    TemporaryFolder folder;
    write_mlp_checkpoint(folder.file("m.safetensors"));
    const Model model = Model::load(folder.file("m.safetensors"));
    const Tensor x = mlp_inputs();
    const Array a = model.explain("input-x-gradient", view_of(x));
    EvaluateSettings settings;
    settings.seed = 3;
    const std::vector<MetricScore> scores = model.evaluate(
        {"deletion", "faithfulness-correlation", "infidelity", "sparseness"}, view_of(x), a.view(), settings);
    BOOST_TEST_REQUIRE(scores.size() == 5u);  // deletion brings its random-order reference
    BOOST_TEST(scores[1].metric == "deletion-random");

    const auto engine_model = nn::load_model(nn::read_safetensors(folder.file("m.safetensors")), "m");
    engine_model->eval();
    const ExplainedModel explained = explained_model(*engine_model);
    ScorecardInputs in;
    in.model = &explained;
    in.inputs = x;
    in.targets = predicted_classes(explained, x);
    in.baseline = Tensor::from_shape({6});
    in.baseline.fill(0.0f);
    in.groups = element_groups(6);
    ScorecardSettings s;
    s.deletion.seed = s.faithfulness.seed = s.infidelity.seed = s.prediction_gap.seed = s.stability.seed = 3;
    Tensor engine_a = Tensor::from_shape(x.shape());
    std::copy(a.data(), a.data() + a.size(), engine_a.data());
    const auto expected =
        score_attributions(in, engine_a, {"deletion", "faithfulness-correlation", "infidelity", "sparseness"}, s);
    for (std::size_t k = 0; k < expected.size(); ++k)
        BOOST_TEST(scores[k].per_row == expected[k].values.per_sample, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stability_and_randomisation_need_and_rerun_the_method) {
    TemporaryFolder folder;
    write_mlp_checkpoint(folder.file("m.safetensors"));
    const Model model = Model::load(folder.file("m.safetensors"));
    const Tensor x = mlp_inputs();
    const Array a = model.explain("vanilla-grad", view_of(x));
    EvaluateSettings settings;
    expect_error_mentioning([&] { model.evaluate({"ris"}, view_of(x), a.view(), settings); }, {"ris", "re-run"});
    settings.method = "vanilla-grad";
    const auto scores = model.evaluate({"max-sensitivity", "randomisation"}, view_of(x), a.view(), settings);
    BOOST_TEST(scores[0].mean > 0.0);
    BOOST_TEST(scores[1].mean < 0.99);  // a fresh model's gradients are other gradients
    BOOST_TEST(!scores[1].higher_is_better);
}

BOOST_AUTO_TEST_SUITE_END()
