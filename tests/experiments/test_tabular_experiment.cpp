// The synthetic tabular experiment end to end at tiny sizes: its tables, figures and claims
// are all there, every number is finite, and AGOP-IxG beats the random reference on the
// linear task.

#include <boost/test/unit_test.hpp>

#include <string>

#include "experiments/tabular_experiment.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(tabular_experiment)

namespace {

TabularExperimentSizes tiny_sizes() {
    TabularExperimentSizes sizes;
    sizes.samples = 800;
    sizes.explained_samples = 40;
    sizes.kernelshap_samples = 2;
    sizes.sanity_samples = 10;
    sizes.methods.lime_samples = 200;
    sizes.methods.ig_steps = 10;
    sizes.training.epochs = 30;
    return sizes;
}

const Table& table_named(const ExperimentResult& result, const std::string& id) {
    for (const Table& table : result.tables)
        if (table.id == id) return table;
    BOOST_FAIL("no table " + id);
    return result.tables.front();
}

}  // namespace

BOOST_AUTO_TEST_CASE(tiny_run_has_every_table_figure_and_claim_with_finite_numbers) {
    ReproduceOptions options;
    options.seeds = 2;
    options.quiet = true;
    const ExperimentResult result = run_tabular_experiment(options, tiny_sizes());
    BOOST_TEST(result.name == "tabular");

    const Table& part1 = table_named(result, "tabular_part1");
    BOOST_TEST(part1.columns.size() == 10u);
    BOOST_TEST(part1.rows.size() == 3u * 8u);  // tasks x methods
    BOOST_TEST(part1.all_numbers_finite());
    BOOST_TEST(part1.rows[0][0].text == "linear");
    BOOST_TEST(part1.rows[0][1].text == "agop-ixg");
    BOOST_TEST(part1.rows[5][2].value == 2.0);  // KernelSHAP explains only kernelshap_samples rows

    const Table& sweep = table_named(result, "tabular_k_sweep");
    BOOST_TEST(sweep.rows.size() == 3u * 20u);  // tasks x K = 1..d
    BOOST_TEST(sweep.all_numbers_finite());
    BOOST_TEST(sweep.rows[19][2].value == 1.0, boost::test_tools::tolerance(1e-6));  // K = d holds the whole trace
    const Table& sanity = table_named(result, "tabular_sanity");
    BOOST_TEST(sanity.rows.size() == 3u * 7u);  // every method but KernelSHAP
    BOOST_TEST(sanity.all_numbers_finite());

    BOOST_TEST(result.heatmaps.size() == 3u);
    BOOST_TEST(result.heatmaps[0].panels.size() == 9u);  // ground truth + 8 methods
    BOOST_TEST(result.heatmaps[0].panels[0][0].map.shape()[1] == 20u);
    BOOST_TEST(result.charts.size() == 1u);
    BOOST_TEST(result.charts[0].series.size() == 6u);
    BOOST_TEST(result.claims.size() == 9u);  // the paper's eight and the ⊙x ablation
    BOOST_TEST(result.seconds.count("tabular: total") == 1u);
    BOOST_TEST(!result.configuration.empty());
}

BOOST_AUTO_TEST_CASE(agop_ixg_ranks_linear_features_far_better_than_random) {
    ReproduceOptions options;
    options.seeds = 2;
    options.quiet = true;
    TabularExperimentSizes sizes = tiny_sizes();
    sizes.k_sweep_and_sanity = false;
    const ExperimentResult result = run_tabular_experiment(options, sizes);
    const Table& part1 = table_named(result, "tabular_part1");
    BOOST_TEST(result.tables.size() == 2u);  // Part 1 and the metrics without ground truth
    BOOST_TEST(part1.rows[7][1].text == "random");
    // every metric without ground truth but randomisation, and deletion's and insertion's
    // random-order reference, per task: a rank correlation across the 8 methods
    const Table& agreement = table_named(result, "tabular_no_truth_agreement");
    BOOST_TEST(agreement.rows.size() == 3u * 12u);
    for (const auto& row : agreement.rows) {
        BOOST_TEST(row[3].value >= -1.0);
        BOOST_TEST(row[3].value <= 1.0);
    }
    const double agop_spearman = part1.rows[0][3].value, random_spearman = part1.rows[7][3].value;
    BOOST_TEST(agop_spearman > random_spearman + 0.3);
    BOOST_TEST(part1.rows[0][4].value < part1.rows[7][4].value);  // less mass on noise features
}

BOOST_AUTO_TEST_SUITE_END()
