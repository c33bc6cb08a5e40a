// The agop executable end to end: train -> info -> explain -> evaluate, and the errors a
// user meets (unknown data set, unknown method, an output folder that already holds a run).

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "run_agop.hpp"

namespace fs = std::filesystem;
using namespace agop::test;

BOOST_AUTO_TEST_SUITE(commands)

BOOST_AUTO_TEST_CASE(train_info_explain_evaluate_round_trip) {
    const fs::path dir = fresh_cli_directory("round_trip");
    auto train = run_agop_in("train --data synthetic:linear --epochs 3 --quiet --out model", dir);
    BOOST_TEST_REQUIRE(train.exit_code == 0, train.output);
    BOOST_TEST(train.output.empty(), train.output);  // --quiet: nothing but errors
    for (const char* file : {"model.safetensors", "test_inputs.npy", "test_labels.npy", "background.npy", "test_ground_truth.npy"})
        BOOST_TEST(fs::exists(dir / "model" / file), file);

    auto info = run_agop_in("info model/model.safetensors", dir);
    BOOST_TEST(info.exit_code == 0);
    BOOST_TEST(info.output.find("agop.matrix (20, 20)") != std::string::npos, info.output);
    BOOST_TEST(info.output.find("fc1.weight (64, 20)") != std::string::npos);

    for (const std::string method : {"agop-ixg", "deepshap"}) {
        auto explain = run_agop_in("explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy "
                                "--background model/background.npy --quiet --out " + method + " --method " + method,
                                dir);
        BOOST_TEST_REQUIRE(explain.exit_code == 0, explain.output);
        BOOST_TEST(explain.output.empty(), explain.output);  // --quiet: nothing but errors
        BOOST_TEST(fs::exists(dir / method / ("attributions_" + method + ".npy")));
    }
    auto evaluate = run_agop_in("evaluate --attributions agop-ixg/attributions_agop-ixg.npy --ground-truth "
                             "model/test_ground_truth.npy --targets model/test_labels.npy --metric spearman",
                             dir);
    BOOST_TEST(evaluate.exit_code == 0, evaluate.output);
    // A trained model's AGOP-IxG ranks the linear task's features far better than chance.
    const double spearman = std::stod(evaluate.output.substr(evaluate.output.find(':') + 1));
    BOOST_TEST(spearman > 0.3, evaluate.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(user_errors_are_one_line_and_a_non_zero_exit) {
    const fs::path dir = fresh_cli_directory("errors");
    auto bad_data = run_agop_in("train --data synthetic:quadratic --out x", dir);
    BOOST_TEST(bad_data.exit_code != 0);
    BOOST_TEST(bad_data.output.find("quadratic") != std::string::npos, bad_data.output);

    fs::create_directories(dir / "taken");
    std::ofstream(dir / "taken" / "keep.txt") << "a user's file";
    auto occupied = run_agop_in("train --data synthetic:linear --epochs 1 --quiet --out taken", dir);
    BOOST_TEST(occupied.exit_code != 0);
    BOOST_TEST(occupied.output.find("--force") != std::string::npos, occupied.output);
    BOOST_TEST(fs::exists(dir / "taken" / "keep.txt"));
    BOOST_TEST(!fs::exists(dir / "taken" / "model.safetensors"));

    std::ofstream(dir / "model.safetensors") << "";
    std::ofstream(dir / "inputs.npy") << "";
    auto unknown_method = run_agop_in("explain --checkpoint model.safetensors --inputs inputs.npy --method shapley-magic", dir);
    BOOST_TEST(unknown_method.exit_code != 0);
    BOOST_TEST(unknown_method.output.find("agop-ixg") != std::string::npos, unknown_method.output);

    auto bad_threads = run_agop_in("bench --threads 0", dir);
    BOOST_TEST(bad_threads.exit_code != 0);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
