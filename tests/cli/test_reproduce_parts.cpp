// The pieces of `agop reproduce --shard/--merge`: the round-robin partition,
// unit file names and the canonical command.

#include <boost/test/unit_test.hpp>

#include <set>

#include "autodiff/error.hpp"
#include "cli/reproduce_parts.hpp"
#include "cli/reproduce_settings.hpp"

using namespace agop;
using namespace agop::cli;

BOOST_AUTO_TEST_SUITE(reproduce_parts)

BOOST_AUTO_TEST_CASE(round_robin_parts_cover_every_unit_exactly_once) {
    const std::vector<std::string> all{"u0", "u1", "u2", "u3", "u4"};
    BOOST_TEST(shard_unit_ids(all, {1, 2}) == (std::vector<std::string>{"u0", "u2", "u4"}),
               boost::test_tools::per_element());
    BOOST_TEST(shard_unit_ids(all, {2, 2}) == (std::vector<std::string>{"u1", "u3"}), boost::test_tools::per_element());
    for (std::size_t n = 1; n <= 8; ++n) {
        std::multiset<std::string> seen;
        for (std::size_t i = 1; i <= n; ++i)
            for (const std::string& id : shard_unit_ids(all, {i, n})) seen.insert(id);
        BOOST_TEST(seen == std::multiset<std::string>(all.begin(), all.end()), boost::test_tools::per_element());
    }
    BOOST_TEST(shard_unit_ids(all, {7, 8}).empty());
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
