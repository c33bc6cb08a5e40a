// `agop explain` on models trained elsewhere (PyTorch state dicts from tests/golden/state_dicts)
// and on PNG folders: the AGOP methods ask for --agop-data, the post-hoc AGOP stored with
// --save gives the same attributions when read back, the user's file is never written, a
// state dict that does not fit names its first tensor, and PNG inputs give inputs.csv (name
// order) beside the predictions, one overlay per image, and the per-channel
// normalisation given by option or kept in a saved checkpoint.

#include <cairo.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "data/npy.hpp"

namespace fs = std::filesystem;

namespace {

struct CommandResult {
    int exit_code;
    std::string output;
};

CommandResult run_agop(const std::string& arguments, const fs::path& directory) {
    const char* binary_dir = std::getenv("AGOP_BINARY_DIR");
    BOOST_REQUIRE_MESSAGE(binary_dir, "AGOP_BINARY_DIR is not set (ctest sets it)");
    const fs::path log = directory / "command.log";
    const std::string command = "cd '" + directory.string() + "' && '" + std::string(binary_dir) + "/agop' " +
                                arguments + " > '" + log.string() + "' 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return {WEXITSTATUS(status), text.str()};
}

fs::path fresh_directory(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("agop_cli_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

fs::path golden(const std::string& file) {
    const char* tests = std::getenv("AGOP_TEST_DIR");
    BOOST_REQUIRE_MESSAGE(tests, "AGOP_TEST_DIR is not set (ctest sets it)");
    return fs::path(tests) / "golden" / "state_dicts" / file;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A grey PNG of side `size` with value v (0..255) everywhere.
void write_grey_png(const fs::path& path, int size, unsigned char v) {
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size, size);
    cairo_t* cr = cairo_create(s);
    cairo_set_source_rgb(cr, v / 255.0, v / 255.0, v / 255.0);
    cairo_paint(cr);
    cairo_rectangle(cr, 0, 0, size / 2.0, size / 2.0);  // a darker corner, so the image is not flat
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill(cr);
    cairo_destroy(cr);
    BOOST_REQUIRE(cairo_surface_write_to_png(s, path.c_str()) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_imported_models)

BOOST_AUTO_TEST_CASE(state_dict_agop_is_computed_from_agop_data_and_saved_to_a_new_file) {
    const fs::path dir = fresh_directory("import_mlp");
    fs::copy_file(golden("mlp_sequential.safetensors"), dir / "user.safetensors");
    fs::copy_file(golden("mlp_sequential/inputs.npy"), dir / "rows.npy");
    const std::string user_bytes = read_text(dir / "user.safetensors");

    auto missing = run_agop("explain --checkpoint user.safetensors --inputs rows.npy --method agop-ixg --out a", dir);
    BOOST_TEST(missing.exit_code != 0);
    BOOST_TEST(missing.output.find("--agop-data") != std::string::npos, missing.output);

    auto computed = run_agop(
        "explain --checkpoint user.safetensors --inputs rows.npy --method agop-ixg --agop-data "
        "rows.npy --save agop_model.safetensors --quiet --out b",
        dir);
    BOOST_TEST_REQUIRE(computed.exit_code == 0, computed.output);
    auto info = run_agop("info agop_model.safetensors", dir);
    BOOST_TEST(info.output.find("architecture: mlp") != std::string::npos, info.output);
    BOOST_TEST(info.output.find("agop.matrix (5, 5)") != std::string::npos, info.output);
    BOOST_TEST(info.output.find("fc4.weight (3, 4)") != std::string::npos, info.output);

    // The saved AGOP gives the same attributions as the one computed on the fly.
    auto stored = run_agop(
        "explain --checkpoint agop_model.safetensors --inputs rows.npy --method agop-ixg --quiet --out c", dir);
    BOOST_TEST_REQUIRE(stored.exit_code == 0, stored.output);
    BOOST_TEST(read_text(dir / "b/attributions_agop-ixg.npy") == read_text(dir / "c/attributions_agop-ixg.npy"));

    auto same = run_agop(
        "explain --checkpoint user.safetensors --inputs rows.npy --method vanilla-grad --save "
        "./user.safetensors --force --out d",
        dir);
    BOOST_TEST(same.exit_code != 0);
    BOOST_TEST(same.output.find("--checkpoint file") != std::string::npos, same.output);
    auto exists = run_agop(
        "explain --checkpoint user.safetensors --inputs rows.npy --method vanilla-grad --save "
        "agop_model.safetensors --out e",
        dir);
    BOOST_TEST(exists.exit_code != 0);
    BOOST_TEST(read_text(dir / "user.safetensors") == user_bytes);

    auto wrong_arch = run_agop("explain --checkpoint user.safetensors --inputs rows.npy --arch resnet18 --out f", dir);
    BOOST_TEST(wrong_arch.exit_code != 0);
    BOOST_TEST(wrong_arch.output.find("'conv1.weight' is missing") != std::string::npos, wrong_arch.output);
    auto bad_data = run_agop(
        "explain --checkpoint user.safetensors --inputs rows.npy --method agop-ixg --agop-data "
        "user.safetensors --out g",
        dir);
    BOOST_TEST(bad_data.exit_code != 0);
    BOOST_TEST(bad_data.output.find("user.safetensors") != std::string::npos, bad_data.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(image_state_dict_writes_predictions_and_overlays) {
    const fs::path dir = fresh_directory("import_cnn");
    fs::copy_file(golden("cnn8by8_bf16/inputs.npy"), dir / "images.npy");
    const std::string model = golden("cnn8by8_bf16.safetensors").string();
    auto run = run_agop("explain --checkpoint '" + model +
                            "' --inputs images.npy --method integrated-gradients --overlays 2 "
                            "--quiet --out a",
                        dir);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.output);
    BOOST_TEST(fs::exists(dir / "a/overlays/integrated-gradients_0.png"));
    BOOST_TEST(fs::exists(dir / "a/overlays/integrated-gradients_1.png"));
    BOOST_TEST(!fs::exists(dir / "a/overlays/integrated-gradients_2.png"));
    BOOST_TEST(read_text(dir / "a/inputs.csv") == "sample,input\n0,\"row 0\"\n1,\"row 1\"\n2,\"row 2\"\n");
    // The predicted classes are the argmax of PyTorch's logits for these inputs.
    const agop::Tensor logits = agop::read_npy_tensor(golden("cnn8by8_bf16/logits.npy").string());
    std::string expected = "sample,predicted_class,probability,explained_class\n";
    std::istringstream csv(read_text(dir / "a/predictions_integrated-gradients.csv"));
    std::string line;
    std::getline(csv, line);
    BOOST_TEST(line + "\n" == expected);
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_REQUIRE(std::getline(csv, line));
        std::size_t best = 0;
        double total = 0;
        for (std::size_t k = 0; k < 3; ++k)
            if (logits(i, k) > logits(i, best)) best = k;
        for (std::size_t k = 0; k < 3; ++k) total += std::exp(logits(i, k) - logits(i, best));
        const std::string prefix = std::to_string(i) + "," + std::to_string(best) + ",";
        BOOST_TEST(line.rfind(prefix, 0) == 0u, line << " vs " << prefix);
        BOOST_TEST(std::abs(std::stod(line.substr(prefix.size())) - 1.0 / total) < 1e-5);
        BOOST_TEST(line.substr(line.rfind(',') + 1) == std::to_string(best));
    }

    fs::create_directories(dir / "png");
    write_grey_png(dir / "png/b.png", 8, 200);
    write_grey_png(dir / "png/a.png", 16, 100);
    auto pngs = run_agop("explain --checkpoint '" + model + "' --inputs png --method vanilla-grad --out b", dir);
    BOOST_TEST_REQUIRE(pngs.exit_code == 0, pngs.output);
    BOOST_TEST(pngs.output.find("resized 1 of 2 PNG files bilinearly to 8x8") != std::string::npos, pngs.output);
    BOOST_TEST(read_text(dir / "b/inputs.csv") == "sample,input\n0,\"a.png\"\n1,\"b.png\"\n");
    BOOST_TEST(agop::read_npy_tensor((dir / "b/attributions_vanilla-grad.npy").string()).shape()[0] == 2u);
    BOOST_TEST(fs::exists(dir / "b/overlays/vanilla-grad_1.png"));
    // A normalisation given once and kept by --save is applied to PNG inputs the same way.
    auto normalised = run_agop("explain --checkpoint '" + model +
                                   "' --inputs png --method input-x-gradient --image-mean 0.5 "
                                   "--image-std 0.25 --save normalised.safetensors --quiet --out d",
                               dir);
    BOOST_TEST_REQUIRE(normalised.exit_code == 0, normalised.output);
    BOOST_TEST(run_agop("info normalised.safetensors", dir).output.find("image_mean = 0.5") != std::string::npos);
    auto kept = run_agop(
        "explain --checkpoint normalised.safetensors --inputs png --method input-x-gradient --quiet --out e", dir);
    auto plain =
        run_agop("explain --checkpoint '" + model + "' --inputs png --method input-x-gradient --quiet --out f", dir);
    BOOST_TEST_REQUIRE(kept.exit_code + plain.exit_code == 0, kept.output + plain.output);
    BOOST_TEST(read_text(dir / "d/attributions_input-x-gradient.npy") ==
               read_text(dir / "e/attributions_input-x-gradient.npy"));
    BOOST_TEST(read_text(dir / "d/attributions_input-x-gradient.npy") !=
               read_text(dir / "f/attributions_input-x-gradient.npy"));
    auto two_means =
        run_agop("explain --checkpoint '" + model + "' --inputs png --image-mean 0.5,0.5 --image-std 1 --out g", dir);
    BOOST_TEST(two_means.output.find("expected 1 values, one per channel") != std::string::npos, two_means.output);

    auto refused = run_agop("explain --checkpoint '" + model + "' --inputs png --no-resize --out c", dir);
    BOOST_TEST(refused.exit_code != 0);
    BOOST_TEST(refused.output.find("a.png: is 16x16 pixels but the model takes 8x8") != std::string::npos,
               refused.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
