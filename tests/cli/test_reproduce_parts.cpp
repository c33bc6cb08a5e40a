// The pieces of `agop reproduce --shard/--merge`: the --shard text, the round-robin partition,
// unit file names and the canonical command.

#include <boost/test/unit_test.hpp>

#include <set>

#include "autodiff/error.hpp"
#include "cli/reproduce_parts.hpp"
#include "cli/reproduce_settings.hpp"

using namespace agop;
using namespace agop::cli;

BOOST_AUTO_TEST_SUITE(reproduce_parts)

BOOST_AUTO_TEST_CASE(shard_text_i_of_n_is_read_and_anything_else_refused_naming_the_option) {
    const ShardSpec shard = parse_shard("2/5");
    BOOST_TEST(shard.index == 2u);
    BOOST_TEST(shard.count == 5u);
    BOOST_TEST(parse_shard("1/1").count == 1u);
    for (const char* bad :
         {"0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "-1/2", " 1/2", "1/ 2", "", "/", "1e1/20", "1/1000001"})
        BOOST_CHECK_EXCEPTION(parse_shard(bad), Error, [&](const Error& e) {
            return std::string(e.what()).rfind("--shard: expected i/n", 0) == 0 &&
                   std::string(e.what()).find(std::string("got '") + bad + "'") != std::string::npos;
        });
}

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

BOOST_AUTO_TEST_SUITE_END()
