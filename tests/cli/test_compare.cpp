// agop compare and agop evaluate's metrics without ground truth, end to end on a small
// trained model: the leaderboard's files, the same bits for the same seed, and named errors.

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "run_agop.hpp"

namespace fs = std::filesystem;
using agop::test::read_text;
using agop::test::run_agop_in;

namespace {

const std::string kCompare =
    "compare --checkpoint model/model.safetensors --inputs model/test_inputs.npy --background model/background.npy "
    "--rows 40 --methods input-x-gradient,vanilla-grad,kernelshap,random --kernelshap-budget 64 --stability-rows 10 "
    "--seed 5 --quiet";

// compare.csv without its seconds-per-row column (a wall time).
std::string csv_without_times(const fs::path& path) {
    std::string out;
    std::istringstream in(read_text(path));
    for (std::string line; std::getline(in, line);) out += line.substr(0, line.rfind(',')) + "\n";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compare_command)

BOOST_AUTO_TEST_CASE(compare_writes_the_leaderboard_and_the_same_seed_gives_the_same_bits) {
    const fs::path dir = agop::test::trained_linear_model("compare_leaderboard");
    const auto first = run_agop_in(kCompare + " --out first", dir);
    BOOST_REQUIRE_MESSAGE(first.exit_code == 0, first.output);
    const auto second = run_agop_in(kCompare + " --out second", dir);
    BOOST_REQUIRE_MESSAGE(second.exit_code == 0, second.output);
    for (const char* file : {"compare.md", "compare.csv", "compare.json", "compare.png"})
        BOOST_TEST(fs::exists(dir / "first" / file), file);
    BOOST_TEST(csv_without_times(dir / "first" / "compare.csv") == csv_without_times(dir / "second" / "compare.csv"));
    const auto json = nlohmann::json::parse(read_text(dir / "first" / "compare.json"));
    BOOST_TEST(json.at("methods").size() == 4u);
    BOOST_TEST(json.at("metrics").size() == 11u);
    // every metric ranks the 4 methods 1..4 (ties share), and random fails the randomisation check
    for (const auto& metric : json.at("metrics")) {
        double rank_sum = 0;
        for (const auto& method : json.at("methods"))
            rank_sum += method.at("metrics").at(metric.get<std::string>()).at("rank").get<double>();
        BOOST_TEST(rank_sum == 10.0);
    }
    BOOST_TEST(json.at("methods").at(3).at("metrics").at("randomisation").at("mean").get<double>() == 1.0);
    BOOST_TEST(read_text(dir / "first" / "compare.md").find("kernelshap budget: 64 coalitions") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(evaluate_scores_attributions_on_the_model_and_names_what_is_missing) {
    const fs::path dir = agop::test::trained_linear_model("evaluate_no_truth");
    const auto explained = run_agop_in(
        "explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy "
        "--method input-x-gradient --quiet --out explained",
        dir);
    BOOST_REQUIRE_MESSAGE(explained.exit_code == 0, explained.output);
    const std::string common =
        "evaluate --checkpoint model/model.safetensors --inputs model/test_inputs.npy "
        "--attributions explained/attributions_input-x-gradient.npy ";
    const auto deletion = run_agop_in(common + "--metric deletion", dir);
    BOOST_TEST_REQUIRE(deletion.exit_code == 0, deletion.output);
    BOOST_TEST(deletion.output.find("deletion: ") != std::string::npos, deletion.output);
    BOOST_TEST(deletion.output.find("deletion-random (random order)") != std::string::npos, deletion.output);
    const auto ris = run_agop_in(common + "--metric ris", dir);
    BOOST_TEST(ris.exit_code != 0);
    BOOST_TEST(ris.output.find("ris") != std::string::npos, ris.output);
    const auto with_method = run_agop_in(common + "--metric ris --method input-x-gradient", dir);
    BOOST_TEST(with_method.exit_code == 0, with_method.output);
}

BOOST_AUTO_TEST_CASE(compare_refuses_unknown_metrics_and_methods_by_name) {
    const fs::path dir = agop::test::trained_linear_model("compare_errors");
    const auto metric = run_agop_in(
        "compare --checkpoint model/model.safetensors --inputs model/test_inputs.npy "
        "--metrics deletion,loveliness --out x",
        dir);
    BOOST_TEST(metric.exit_code != 0);
    BOOST_TEST(metric.output.find("loveliness") != std::string::npos, metric.output);
    const auto method = run_agop_in(
        "compare --checkpoint model/model.safetensors --inputs model/test_inputs.npy "
        "--methods vanilla-grad,nonesuch --out y",
        dir);
    BOOST_TEST(method.exit_code != 0);
    BOOST_TEST(method.output.find("nonesuch") != std::string::npos, method.output);
}

BOOST_AUTO_TEST_SUITE_END()
