// agop compare takes the methods' options and its model and rows from explain's option table:
// the same flags, ranges and defaults (KernelSHAP's budget aside), set values reach the methods
// and the leaderboard's header, and explain's other options are not compare's.

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "cli/command_compare_setup.hpp"
#include "run_agop.hpp"

namespace fs = std::filesystem;
using agop::test::read_text;
using agop::test::run_agop_in;

BOOST_AUTO_TEST_SUITE(compare_method_options)

BOOST_AUTO_TEST_CASE(compare_takes_the_method_rows_of_explains_table_and_no_others) {
    using namespace agop::cli;
    std::size_t taken = 0;
    for (const ExplainOption& option : explain_option_table()) {
        const std::string flag = option.flag;
        if (flag == "--ig-steps" || flag == "--smoothgrad-samples" || flag == "--gradcam-layer")
            BOOST_TEST(is_compare_method_option(option), flag);
        if (flag == "--method" || flag == "--targets" || flag == "--ig-baseline" || flag == "--seed")
            BOOST_TEST(!is_compare_method_option(option), flag);
        taken += is_compare_method_option(option);
        const bool input = flag == "--checkpoint" || flag == "--csv" || flag == "--inputs" || flag == "--background";
        BOOST_TEST(is_compare_input_option(option) == input, flag);
        BOOST_TEST(!(is_compare_input_option(option) && is_compare_method_option(option)), flag);
    }
    BOOST_TEST(taken == 11u);
    BOOST_TEST(compare_method_defaults().settings.kernelshap_budget == 512u);
    const ExplainOptions explain_defaults;
    BOOST_TEST(compare_method_defaults().settings.ig_steps == explain_defaults.settings.ig_steps);
}

BOOST_AUTO_TEST_CASE(a_method_option_changes_that_methods_scores_and_is_named_in_the_header) {
    const fs::path dir = agop::test::trained_linear_model("compare_method_options");
    const std::string compare =
        "compare --checkpoint model/model.safetensors --inputs model/test_inputs.npy --rows 20 "
        "--methods smoothgrad,input-x-gradient --metrics sparseness --quiet --no-timings";
    const auto plain = run_agop_in(compare + " --out plain", dir);
    BOOST_REQUIRE_MESSAGE(plain.exit_code == 0, plain.output);
    const auto fewer = run_agop_in(compare + " --smoothgrad-samples 3 --out fewer", dir);
    BOOST_REQUIRE_MESSAGE(fewer.exit_code == 0, fewer.output);
    const auto a = nlohmann::json::parse(read_text(dir / "plain" / "compare.json"));
    const auto b = nlohmann::json::parse(read_text(dir / "fewer" / "compare.json"));
    const auto value = [](const nlohmann::json& j, std::size_t method) {
        return j.at("methods").at(method).at("metrics").at("sparseness").at("mean").get<double>();
    };
    BOOST_TEST(value(a, 0) != value(b, 0));  // SmoothGrad with 3 noisy copies, not 50
    BOOST_TEST(value(a, 1) == value(b, 1));  // Input x Gradient reads no such option
    BOOST_TEST(read_text(dir / "fewer" / "compare.md").find("method options: --smoothgrad-samples 3") !=
               std::string::npos);
    BOOST_TEST(read_text(dir / "plain" / "compare.md").find("method options") == std::string::npos);
    const auto refused = run_agop_in(compare + " --ig-steps 1 --out refused", dir);
    BOOST_TEST(refused.exit_code != 0);
    BOOST_TEST(refused.output.find("--ig-steps") != std::string::npos, refused.output);
    const auto foreign = run_agop_in(compare + " --targets model/test_inputs.npy --out foreign", dir);
    BOOST_TEST(foreign.exit_code != 0);
    BOOST_TEST(foreign.output.find("--targets") != std::string::npos, foreign.output);
}

BOOST_AUTO_TEST_SUITE_END()
