// --shard i/n, the option text shared by agop explain and agop reproduce.

#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "cli/shard.hpp"

using namespace agop;
using namespace agop::cli;

BOOST_AUTO_TEST_SUITE(shard_option)

BOOST_AUTO_TEST_CASE(i_of_n_is_read_one_based_and_written_back_the_same) {
    const Shard shard = parse_shard("2/5");
    BOOST_TEST(shard.index == 2u);
    BOOST_TEST(shard.count == 5u);
    BOOST_TEST(shard_text(shard) == "2/5");
    BOOST_TEST(parse_shard("1/1").count == 1u);
    BOOST_TEST(parse_shard("100000/100000").index == max_shards);
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused_naming_the_option_and_quoting_the_text) {
    for (const char* bad : {"0/2", "3/2", "1/0", "2", "a/b", "x/y", "1/2/3", "-1/2", " 1/2", "1/ 2", "", "/", "1e1/20",
                            "1/100001", "1/9999999999"})
        BOOST_CHECK_EXCEPTION(parse_shard(bad), Error, [&](const Error& e) {
            const std::string message = e.what();
            return message.rfind("--shard: expected i/n", 0) == 0 &&
                   message.find(std::string("got '") + bad + "'") != std::string::npos;
        });
}

BOOST_AUTO_TEST_SUITE_END()
