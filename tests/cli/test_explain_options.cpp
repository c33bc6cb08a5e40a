// The one table of explain options: unique flags and keys, ranges that the command line, the
// parts and check_explain_options share, and the settings an explanation file records.

#include <boost/test/unit_test.hpp>
#include <set>

#include "autodiff/error.hpp"
#include "cli/explain_options.hpp"
#include "run_agop.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::cli;

BOOST_AUTO_TEST_SUITE(explain_options)

BOOST_AUTO_TEST_CASE(every_option_has_one_flag_and_one_part_json_key) {
    std::set<std::string> flags, keys;
    for (const ExplainOption& option : explain_option_table()) {
        BOOST_TEST(flags.insert(option.flag).second, option.flag);
        BOOST_TEST(keys.insert(option.key).second, option.key);
        BOOST_TEST(std::string(option.flag).rfind("--", 0) == 0u);
    }
    for (const char* key : {"checkpoint", "method", "csv", "seed", "ig_steps", "agop_energy", "overlays"})
        BOOST_TEST(keys.count(key) == 1u, key);
}

BOOST_AUTO_TEST_CASE(a_whole_option_set_is_checked_against_the_ranges_the_engine_accepts) {
    ExplainOptions o;
    check_explain_options(o);
    o.settings.ig_steps = 1;  // the trapezoid rule needs two points
    expect_error_mentioning([&] { check_explain_options(o); }, {"--ig-steps 1: expected a whole number from 2"});
    expect_error_mentioning([&] { check_explain_options(o, "p/part.json"); },
                            {"p/part.json: option ig_steps is 1; expected a whole number from 2"});
    o = ExplainOptions{};
    o.settings.agop_energy = 0;  // agop_rank_for_energy needs a share in (0, 1]
    expect_error_mentioning([&] { check_explain_options(o); }, {"--agop-energy 0: expected a finite number above 0"});
    o.settings.agop_energy = 1;
    check_explain_options(o);
    o.settings.lime_samples = 1;
    expect_error_mentioning([&] { check_explain_options(o); }, {"--lime-samples 1"});
    o = ExplainOptions{};
    o.settings.ig_baseline = "ones";
    expect_error_mentioning([&] { check_explain_options(o); }, {"--ig-baseline ones: expected zeros or training-mean"});
    o = ExplainOptions{};
    o.settings.model_output = "odds";
    expect_error_mentioning([&] { check_explain_options(o); }, {"expected auto, logit or probability"});
}

BOOST_AUTO_TEST_CASE(recorded_settings_are_typed_and_only_the_methods_own) {
    ExplainOptions o;
    o.settings.method = "smoothgrad";
    o.settings.smoothgrad_noise = 0.1234567;
    o.common.seed = 12345678901234ull;
    const auto s = recorded_settings(o, "logit");
    BOOST_TEST(s.size() == 4u);
    BOOST_TEST(s[0].first == "model_output");
    BOOST_TEST(std::get<std::uint64_t>(s[1].second) == 12345678901234ull);  // no float or text round trip
    BOOST_TEST(s[2].first == "samples");
    BOOST_TEST(std::get<double>(s[3].second) == 0.1234567);
    o.settings.method = "kernelshap";
    o.csv = "rows.csv";
    o.background = "bg.npy";
    const auto k = recorded_settings(o, "probability");
    BOOST_TEST(k[2].first == "budget");
    BOOST_TEST(std::get<std::string>(k[3].second) == "original features");
    BOOST_TEST(std::get<std::string>(k[4].second) == "bg.npy");
}

BOOST_AUTO_TEST_CASE(the_command_line_refuses_what_the_engine_would_refuse_naming_the_flag) {
    const auto dir = agop::test::fresh_cli_directory("explain_option_ranges");
    agop::test::write_text(dir / "x", "");
    for (const auto& [arguments, flag] :
         std::vector<std::pair<std::string, std::string>>{{"--agop-energy 0", "--agop-energy"},
                                                          {"--ig-steps 1", "--ig-steps"},
                                                          {"--lime-samples 1", "--lime-samples"}}) {
        const auto run =
            agop::test::run_agop_in("explain --checkpoint x --inputs y.npy " + arguments + " --out o", dir);
        BOOST_TEST(run.exit_code != 0);
        BOOST_TEST(run.output.find(flag) != std::string::npos, run.output);
        BOOST_TEST(run.output.find("expected") != std::string::npos, run.output);
    }
}

BOOST_AUTO_TEST_SUITE_END()
