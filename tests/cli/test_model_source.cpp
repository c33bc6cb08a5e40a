// Where explain's model comes from: --input-shape parsing, the post-hoc AGOP of a state dict
// (the engine's compute_agop on --agop-data: full for tabular rows, diagonal for images),
// the errors that name --agop-data, --input-shape and --image-mean, and image inputs refused
// for a tabular model.

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>

#include "cli/image_inputs.hpp"
#include "cli/model_source.hpp"
#include "data/npy.hpp"
#include "nn/agop.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::cli;
namespace fs = std::filesystem;

namespace {

std::string golden(const std::string& file) {
    const char* tests = std::getenv("AGOP_TEST_DIR");
    BOOST_REQUIRE_MESSAGE(tests, "AGOP_TEST_DIR is not set (ctest sets it)");
    return (fs::path(tests) / "golden" / "state_dicts" / file).string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(model_source)

BOOST_AUTO_TEST_CASE(input_shapes_parse_or_are_refused_naming_the_option) {
    BOOST_TEST(parse_input_shape("3,224,224") == (Shape{3, 224, 224}));
    BOOST_TEST(parse_input_shape("5") == (Shape{5}));
    for (const char* bad : {"", "3,,4", "3,-4,4", "0,8,8", "a", "1,2,3,4", "3.5"})
        expect_error_mentioning([&] { parse_input_shape(bad); }, {"--input-shape"});
}

BOOST_AUTO_TEST_CASE(post_hoc_agop_is_the_engines_agop_of_the_given_samples) {
    ModelSourceOptions options;
    const std::string mlp = golden("mlp_sequential.safetensors");
    const ModelSource without = load_model_source(mlp, options, false);
    BOOST_TEST(without.imported);
    BOOST_TEST(!without.agop.has_value());
    expect_error_mentioning([&] { required_agop(without, "agop-ixg", mlp); }, {"agop-ixg", "--agop-data", mlp});

    options.agop_data = golden("mlp_sequential/inputs.npy");
    const ModelSource tabular = load_model_source(mlp, options, false);
    const Tensor rows = read_npy_tensor(options.agop_data);
    BOOST_TEST(bit_identical(required_agop(tabular, "agop-ixg", mlp), nn::compute_agop(*tabular.model, rows, {})));
    BOOST_TEST(shape_string(*tabular.agop) == "(5, 5)");

    options.agop_data = golden("cnn8by8_bf16/inputs.npy");
    const ModelSource images = load_model_source(golden("cnn8by8_bf16.safetensors"), options, false);
    nn::AgopOptions diagonal;
    diagonal.diagonal = true;
    BOOST_TEST(
        bit_identical(*images.agop, nn::compute_agop(*images.model, read_npy_tensor(options.agop_data), diagonal)));
    BOOST_TEST(shape_string(*images.agop) == "(1, 8, 8)");

    expect_error_mentioning([&] { load_model_source(mlp, options, false); }, {"--agop-data", "(1, 8, 8)", "(5)"});
    options.agop_data.clear();
    options.input_shape = "6";
    expect_error_mentioning([&] { load_model_source(mlp, options, false); }, {"--input-shape 6", "(5)"});
    options.input_shape.clear();
    options.image_mean = "0.5";
    options.image_std = "0.5";
    expect_error_mentioning([&] { load_model_source(mlp, options, false); }, {"--image-mean", "image models only"});
}

BOOST_AUTO_TEST_CASE(a_png_folder_needs_an_image_model) {
    const ModelSource mlp = load_model_source(golden("mlp_sequential.safetensors"), {}, false);
    const fs::path folder = fs::temp_directory_path() / ("agop_test_png_mlp_" + std::to_string(::getpid()));
    fs::create_directories(folder);
    expect_error_mentioning([&] { read_explain_inputs(folder.string(), mlp, {}, true); },
                            {folder.string(), "image model", "5 features"});
    fs::remove_all(folder);
}

BOOST_AUTO_TEST_SUITE_END()
