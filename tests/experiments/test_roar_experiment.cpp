// ROAR end to end on a tiny synthetic data set whose label depends on one feature: the table
// and chart are complete, a faithful method removes that feature first (lower ROAR AUC than
// the random control), and missing data files give a message instead of an exception.

#include <boost/test/unit_test.hpp>

#include "autodiff/rng.hpp"
#include "experiments/roar_experiment.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(roar_experiment)

namespace {

// Columns: f0 numeric | f1 one-hot (columns 1, 2) | f2 numeric; y = [x0 > 0].
TabularDataset one_feature_dataset(std::size_t train, std::size_t test) {
    Rng rng(11);
    auto rows = [&rng](std::size_t n, Tensor& x, std::vector<int>& y) {
        x = Tensor::from_shape({n, 4});
        y.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const bool first_category = rng.bernoulli(0.5);
            x(i, 0) = static_cast<float>(rng.normal());
            x(i, 1) = first_category ? 1.0f : 0.0f;
            x(i, 2) = first_category ? 0.0f : 1.0f;
            x(i, 3) = static_cast<float>(rng.normal());
            y[i] = x(i, 0) > 0 ? 1 : 0;
        }
    };
    TabularDataset data;
    data.name = "toy";
    rows(train, data.X_train, data.y_train);
    rows(test, data.X_test, data.y_test);
    data.column_names = {"f0", "f1=a", "f1=b", "f2"};
    data.feature_groups = {0, 1, 1, 2};
    data.feature_names = {"f0", "f1", "f2"};
    data.class_names = {"0", "1"};
    data.training_means = xt::mean(data.X_train, {0});
    return data;
}

}  // namespace

BOOST_AUTO_TEST_CASE(faithful_ranking_beats_random_on_a_one_feature_task) {
    RoarExperimentSizes sizes;
    sizes.train_rows = 300;
    sizes.test_rows = 150;
    sizes.retrain_seeds = 2;
    sizes.methods.lime_samples = 100;
    sizes.methods.ig_steps = 10;
    sizes.training.epochs = 20;
    sizes.training.batch_size = 32;
    const RoarDatasetResult result = run_roar_on_dataset(one_feature_dataset(400, 150), sizes, 5, true);

    BOOST_TEST(result.table.id == "roar_toy");
    BOOST_TEST(result.table.rows.size() == roar_methods().size());
    BOOST_TEST(result.table.columns.size() == 1u + 2u * 6u + 1u);
    BOOST_TEST(result.table.all_numbers_finite());
    BOOST_TEST(result.chart.series.size() == roar_methods().size());
    BOOST_TEST(result.chart.series[0].y.size() == 6u);
    BOOST_TEST(result.chart.series[0].y[0] > 0.9);  // t = 0: the task is learnt
    // t = 0.3 removes one of three features: for AGOP-IxG the label feature, so ROC-AUC falls to chance.
    BOOST_TEST(result.chart.series[0].y[2] < 0.7);
    BOOST_TEST(result.roar_auc.at("agop-ixg").mean < result.roar_auc.at("random").mean);
}

BOOST_AUTO_TEST_CASE(claim_reads_spread_and_winner) {
    auto result_with = [](std::vector<double> aucs) {
        RoarDatasetResult r;
        for (std::size_t m = 0; m < roar_methods().size(); ++m) r.roar_auc[roar_methods()[m]] = {aucs[m], 0.001, 3};
        return r;
    };
    std::map<std::string, RoarDatasetResult> close;
    close["a"] = result_with({0.800, 0.805, 0.810, 0.802, 0.808, 0.85});
    close["b"] = result_with({0.705, 0.700, 0.703, 0.708, 0.701, 0.75});
    BOOST_TEST(roar_claim(close).supported);  // spreads 1.25% and 1.1%, different winners

    std::map<std::string, RoarDatasetResult> one_winner;
    one_winner["a"] = result_with({0.800, 0.810, 0.810, 0.810, 0.810, 0.85});
    one_winner["b"] = result_with({0.700, 0.710, 0.710, 0.710, 0.710, 0.75});
    BOOST_TEST(!roar_claim(one_winner).supported);  // agop-ixg lowest everywhere, separated

    std::map<std::string, RoarDatasetResult> wide;
    wide["a"] = result_with({0.70, 0.80, 0.80, 0.80, 0.80, 0.85});
    BOOST_TEST(!roar_claim(wide).supported);
    BOOST_TEST(roar_claim(wide).evidence.find("14.29%") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_data_gives_a_message_naming_the_files) {
    ReproduceOptions options;
    options.data_dir = "/nonexistent-agop-data";
    options.quiet = true;
    const ExperimentResult result = run_roar_experiment(options);
    BOOST_TEST(result.name == "tabular-roar");
    BOOST_TEST(result.tables.empty());
    BOOST_TEST(result.messages.size() == 1u);
    BOOST_TEST(result.messages[0].find("adult/adult.data") != std::string::npos);
    BOOST_TEST(result.messages[0].find("scripts/download-data") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
