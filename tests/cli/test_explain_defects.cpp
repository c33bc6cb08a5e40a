// The explain/train defects found by checking every method against an independent
// implementation (issue 11): each case proves one fix.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "autodiff/rng.hpp"
#include "cli/training_data.hpp"
#include "data/npy.hpp"
#include "nn/agop.hpp"
#include "nn/checkpoint.hpp"
#include "nn/labelled_data.hpp"
#include "nn/safetensors.hpp"
#include "run_agop.hpp"

namespace fs = std::filesystem;
using namespace agop;
using agop::test::run_agop_in;

namespace {

// An image model trained for 3 epochs on XAI-TRIS, with 4 test images in dir/few.npy.
fs::path trained_image_model(const std::string& name) {
    const fs::path dir = agop::test::fresh_cli_directory(name);
    const auto train = run_agop_in("train --data xai-tris:lin:white --epochs 3 --quiet --out model", dir);
    BOOST_REQUIRE_MESSAGE(train.exit_code == 0, train.output);
    const Tensor test = read_npy_tensor((dir / "model" / "test_inputs.npy").string());
    write_npy_tensor((dir / "few.npy").string(), nn::gather_rows(test, {0, 1, 2, 3}));
    return dir;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_defects)

BOOST_AUTO_TEST_CASE(image_training_stores_the_agop_of_the_saved_weights) {
    const fs::path dir = trained_image_model("agop_of_saved_weights");
    const std::string path = (dir / "model" / "model.safetensors").string();
    const auto file = nn::read_safetensors(path);
    const Tensor* stored = file.find("agop.diagonal");
    BOOST_TEST_REQUIRE(stored);
    // Recompute independently from the saved weights and the same training split.
    auto model = nn::load_model(path);
    const auto data = cli::load_training_data("xai-tris:lin:white", "", 0);
    nn::AgopOptions options;
    options.diagonal = true;
    const Tensor expected = nn::compute_agop(*model, data.train.inputs, options);
    BOOST_TEST_REQUIRE(expected.size() == stored->size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        BOOST_TEST(stored->data()[i] == expected.data()[i], boost::test_tools::tolerance(1e-5f));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(shap_methods_explain_image_models_and_predictions_are_recorded) {
    const fs::path dir = trained_image_model("shap_on_images");
    for (const std::string method : {"deepshap", "kernelshap"}) {
        const auto run = run_agop_in(
            "explain --checkpoint model/model.safetensors --inputs few.npy --background "
            "model/background.npy --kernelshap-budget 300 --out out_" +
                method + " --method " + method,
            dir);
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
        const Tensor a = read_npy_tensor((dir / ("out_" + method) / ("attributions_" + method + ".npy")).string());
        BOOST_TEST(a.shape()[0] == 4u);
        const std::string predictions =
            agop::test::read_text(dir / ("out_" + method) / ("predictions_" + method + ".csv"));
        BOOST_TEST(predictions.rfind("sample,predicted_class,probability,explained_class\n0,", 0) == 0u, predictions);
    }
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(occlusion_patch_option_reaches_the_method) {
    const fs::path dir = trained_image_model("occlusion_patch");
    for (const char* patch : {"1", "4"}) {
        const auto run = run_agop_in(std::string("explain --checkpoint model/model.safetensors --inputs few.npy ") +
                                         "--method occlusion --occlusion-patch " + patch + " --out p" + patch,
                                     dir);
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
    }
    // A 1-pixel patch changes one pixel's logit drop at a time; a 4-pixel patch spreads each
    // drop over its 16 pixels, so the two maps differ.
    const Tensor one = read_npy_tensor((dir / "p1" / "attributions_occlusion.npy").string());
    const Tensor four = read_npy_tensor((dir / "p4" / "attributions_occlusion.npy").string());
    BOOST_TEST_REQUIRE(one.size() == four.size());
    BOOST_TEST(!std::equal(one.data(), one.data() + one.size(), four.data()));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(agop_ixg_on_an_image_model_names_the_command_line_remedy) {
    const fs::path dir = trained_image_model("agop_ixg_images");
    const auto run = run_agop_in(
        "explain --checkpoint model/model.safetensors --inputs few.npy --method agop-ixg "
        "--out out",
        dir);
    BOOST_TEST(run.exit_code != 0);
    BOOST_TEST(run.output.find("--method agop-weighted") != std::string::npos, run.output);
    BOOST_TEST(run.output.find("settings.agop") == std::string::npos, run.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(background_is_a_seeded_random_sample_of_training_rows) {
    const fs::path dir = agop::test::fresh_cli_directory("background_sample");
    for (const char* seed : {"1", "2"}) {
        const auto run = run_agop_in(
            std::string("train --data synthetic:linear --epochs 1 --quiet --seed ") + seed + " --out s" + seed, dir);
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
    }
    // Independently: the first 100 rows of the seeded permutation of the training rows.
    const auto data = cli::load_training_data("synthetic:linear", "", 1);
    std::vector<std::size_t> order = Rng(1).permutation(data.train.inputs.shape()[0]);
    order.resize(100);
    const Tensor expected = nn::gather_rows(data.train.inputs, order);
    const Tensor background = read_npy_tensor((dir / "s1" / "background.npy").string());
    BOOST_TEST_REQUIRE(background.size() == expected.size());
    BOOST_TEST(std::equal(background.data(), background.data() + background.size(), expected.data()));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
