// The pieces of `agop reproduce --shard/--merge`: the longest-first partition, unit file names,
// the canonical command and the settings a merge reads from a part.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <numeric>
#include <set>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "cli/reproduce_parts.hpp"
#include "cli/reproduce_settings.hpp"

using namespace agop;
using namespace agop::cli;

BOOST_AUTO_TEST_SUITE(reproduce_parts)

BOOST_AUTO_TEST_CASE(parts_are_filled_longest_unit_first_onto_the_least_loaded_part) {
    const std::vector<std::string> all{"u0", "u1", "u2", "u3", "u4"};
    const std::vector<double> costs{3, 5, 3, 4, 3};
    // u1 (5) -> 1, u3 (4) -> 2, u0 (3) -> 2 (4 < 5), u2 (3) -> 1 (5 < 7), u4 (3) -> 2 (7 < 8).
    BOOST_TEST(shard_unit_ids(all, costs, {1, 2}) == (std::vector<std::string>{"u1", "u2"}),
               boost::test_tools::per_element());
    BOOST_TEST(shard_unit_ids(all, costs, {2, 2}) == (std::vector<std::string>{"u0", "u3", "u4"}),
               boost::test_tools::per_element());
    // Equal costs keep the canonical order: round-robin.
    const std::vector<double> equal(5, 1.0);
    BOOST_TEST(shard_unit_ids(all, equal, {1, 2}) == (std::vector<std::string>{"u0", "u2", "u4"}),
               boost::test_tools::per_element());
    BOOST_TEST(shard_unit_ids(all, costs, {7, 8}).empty());
    BOOST_CHECK_THROW(shard_unit_ids(all, {1.0, 2.0}, {1, 2}), Error);
}

namespace {

// The longest part's cost when `all` is split into n parts by shard_unit_ids.
double longest_part(const std::vector<std::string>& all, const std::vector<double>& costs, std::size_t n) {
    std::map<std::string, double> cost_of;
    for (std::size_t k = 0; k < all.size(); ++k) cost_of[all[k]] = costs[k];
    double longest = 0.0;
    for (std::size_t i = 1; i <= n; ++i) {
        double load = 0.0;
        for (const std::string& id : shard_unit_ids(all, costs, {i, n})) load += cost_of.at(id);
        longest = std::max(longest, load);
    }
    return longest;
}

// The best split's longest part, by trying every assignment of units to n parts.
double best_longest_part(const std::vector<double>& costs, std::size_t n) {
    std::size_t assignments = 1;
    for (std::size_t k = 0; k < costs.size(); ++k) assignments *= n;
    double best = std::accumulate(costs.begin(), costs.end(), 0.0);
    for (std::size_t code = 0; code < assignments; ++code) {
        std::vector<double> load(n, 0.0);
        std::size_t rest = code;
        for (const double cost : costs) {
            load[rest % n] += cost;
            rest /= n;
        }
        best = std::min(best, *std::max_element(load.begin(), load.end()));
    }
    return best;
}

}  // namespace

BOOST_AUTO_TEST_CASE(longest_first_parts_cover_every_unit_once_within_four_thirds_of_the_best_split) {
    Rng rng(11);
    for (int trial = 0; trial < 40; ++trial) {
        const std::size_t units = 1 + static_cast<std::size_t>(rng.uniform() * 8);
        std::vector<std::string> all;
        std::vector<double> costs;
        for (std::size_t k = 0; k < units; ++k) {
            all.push_back("u" + std::to_string(k));
            costs.push_back(0.1 + 10.0 * rng.uniform() * rng.uniform());
        }
        for (std::size_t n = 1; n <= 3; ++n) {
            std::multiset<std::string> seen;
            for (std::size_t i = 1; i <= n; ++i)
                for (const std::string& id : shard_unit_ids(all, costs, {i, n})) seen.insert(id);
            BOOST_TEST(seen == std::multiset<std::string>(all.begin(), all.end()), boost::test_tools::per_element());
            // Graham's bound for longest-first: at most (4/3 - 1/(3n)) of the best split.
            BOOST_TEST(longest_part(all, costs, n) <=
                       best_longest_part(costs, n) * (4.0 / 3.0 - 1.0 / (3.0 * n)) + 1e-9);
        }
    }
}

BOOST_AUTO_TEST_CASE(unit_files_are_flat_names_without_slashes) {
    BOOST_TEST(unit_file_name("tabular/linear/seed-2") == "tabular.linear.seed-2.json");
}

BOOST_AUTO_TEST_CASE(the_canonical_command_lists_the_defining_options_in_a_fixed_order) {
    ReproduceOptions options;
    options.quick = true;
    options.seeds = 1;
    options.seed = 9;
    options.timings = false;
    options.data_dir = "/data/with space";
    BOOST_TEST(canonical_command("tabular", options, 2, "cpu") ==
               "agop reproduce tabular --quick --seeds 1 --seed 9 --threads 2 --backend cpu --no-timings "
               "--data-dir '/data/with space'");
    const nlohmann::json settings = canonical_settings("tabular", options, "cpu");
    BOOST_TEST(settings.at("seed") == 9);
    BOOST_TEST(settings.at("timings") == false);
    options.seed = 10;
    BOOST_TEST(canonical_settings("tabular", options, "cpu") != settings);
}

BOOST_AUTO_TEST_CASE(the_xai_tris_parity_options_are_in_the_command_and_settings_when_given) {
    ReproduceOptions options;
    options.seeds = 5;
    options.epochs = 100;
    options.ig_rule = "trapezoid";
    options.model_output = "probabilities";
    options.scored_rows = "all-seeds";
    options.xai_tris_double_softmax = true;
    BOOST_TEST(canonical_command("images", options, 2, "cpu") ==
               "agop reproduce images --seeds 5 --seed 0 --threads 2 --backend cpu --epochs 100 --ig-rule trapezoid "
               "--model-output probabilities --scored-rows all-seeds --xai-tris-double-softmax");
    const nlohmann::json settings = canonical_settings("images", options, "cpu");
    BOOST_TEST(settings.at("epochs") == 100);
    BOOST_TEST(settings.at("ig_rule") == "trapezoid");
    BOOST_TEST(settings.at("xai_tris_double_softmax") == true);
    options.epochs = 0;  // the default: not in the command
    BOOST_TEST(canonical_command("images", options, 2, "cpu").find("--epochs") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
