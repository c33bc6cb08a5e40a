// The public API on a regression checkpoint: one output, its value predicted and explained.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "agop/agop.hpp"
#include "api/api_fixtures.hpp"
#include "nn/agop.hpp"
#include "nn/checkpoint.hpp"
#include "nn/mlp.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

void write_regression_checkpoint(const std::string& path, nn::Mlp& mlp) {
    nn::save_checkpoint(path, mlp, {{"task", "regression"}, {"target", "load"}},
                        nn::agop_tensors(nn::compute_agop(mlp, mlp_inputs(), {}), false));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(api_regression_model)

BOOST_AUTO_TEST_CASE(a_regression_model_predicts_and_explains_its_one_value) {
    TemporaryFolder folder;
    nn::Mlp mlp(6, 1, {8, 8}, 11);
    write_regression_checkpoint(folder.file("r.safetensors"), mlp);
    const Model model = Model::load(folder.file("r.safetensors"));
    BOOST_TEST(model.is_regression());
    const Tensor x = mlp_inputs();
    const std::vector<double> values = model.predicted_values(view_of(x));
    const Tensor expected = mlp.predict(x, 64);
    BOOST_TEST_REQUIRE(values.size() == 32u);
    for (std::size_t i = 0; i < values.size(); ++i) BOOST_TEST(values[i] == expected(i, 0));
    // Methods explain the value itself: integrated gradients' completeness, sum = f(x) - f(0).
    ExplainSettings settings;
    settings.ig_steps = 400;
    const Array ig = model.explain("integrated-gradients", view_of(x), settings);
    const Tensor zero = xt::zeros<float>({std::size_t{1}, std::size_t{6}});
    const double at_zero = mlp.predict(zero, 1)(0, 0);
    for (std::size_t i = 0; i < 4; ++i) {
        double sum = 0.0;
        for (std::size_t j = 0; j < 6; ++j) sum += ig.data()[i * 6 + j];
        BOOST_TEST(sum == values[i] - at_zero, boost::test_tools::tolerance(2e-3));
    }
    settings.background = view_of(x);
    BOOST_TEST(model.explain("kernelshap", view_of(x), settings).size() == x.size());
    settings.model_output = ExplainSettings::ModelOutput::probabilities;
    BOOST_CHECK_THROW(model.explain("kernelshap", view_of(x), settings), Error);
    BOOST_CHECK_THROW(model.probabilities(view_of(x)), Error);
}

BOOST_AUTO_TEST_CASE(a_classifier_is_not_a_regression_model) {
    TemporaryFolder folder;
    write_mlp_checkpoint(folder.file("c.safetensors"));
    const Model model = Model::load(folder.file("c.safetensors"));
    BOOST_TEST(!model.is_regression());
    BOOST_CHECK_THROW(model.predicted_values(view_of(mlp_inputs())), Error);
}

BOOST_AUTO_TEST_SUITE_END()
