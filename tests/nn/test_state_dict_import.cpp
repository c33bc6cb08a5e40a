// State dicts saved by PyTorch (tests/golden/state_dicts, written by make_golden.py in
// safetensors.torch.save_file's layout) load into the engine's three families, by name and
// shape alone: the logits and the target logit's input gradients match PyTorch's.
// Tolerances as in test_golden_models.cpp: rtol 1e-4, atol 1e-5 (logits) / 1e-6 (gradients),
// float32 rounding of sums taken in another order. And a state dict that does not fit is
// refused naming its first misfit tensor, with the expected and found shapes.

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

#include "autodiff/error.hpp"
#include "nn/safetensors.hpp"
#include "nn/safetensors_header.hpp"
#include "nn/state_dict_import.hpp"
#include "support/expect_error.hpp"
#include "support/golden.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void check_against_pytorch(nn::Model& model, const std::string& golden_case) {
    const Tensor inputs = golden_tensor(golden_case, "inputs");
    check_close(model.predict(inputs), golden_tensor(golden_case, "logits"), 1e-4, 1e-5, golden_case + " logits");
    check_close(target_logit_input_gradients(model, inputs, golden_labels(golden_case, "targets")),
                golden_tensor(golden_case, "input_gradients"), 1e-4, 1e-6, golden_case + " input gradients");
}

nn::SafetensorsFile golden_file(const std::string& name) {
    const std::string path = golden_path("state_dicts", name);
    return nn::read_safetensors(path);
}

// A state dict in memory: `json` header, then each tensor's float32 values in order.
nn::SafetensorsFile in_memory(const std::string& json, const std::vector<std::vector<float>>& values) {
    const std::uint64_t length = json.size();
    std::string bytes(reinterpret_cast<const char*>(&length), 8);
    bytes += json;
    for (const auto& v : values) bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
    return nn::parse_safetensors(bytes.data(), bytes.size(), "sd.safetensors");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_dict_import)

BOOST_AUTO_TEST_CASE(sequential_mlp_with_three_hidden_layers_matches_pytorch) {
    const auto file = golden_file("mlp_sequential.safetensors");
    BOOST_TEST(nn::infer_architecture(file, "f") == "mlp");
    auto model = nn::import_state_dict(file, "f");
    BOOST_TEST(model->architecture().at("hidden") == "7,6,4");
    BOOST_TEST(model->architecture().at("input_dim") == "5");
    BOOST_TEST(model->num_classes() == 3u);
    check_against_pytorch(*model, "state_dicts/mlp_sequential");
}

BOOST_AUTO_TEST_CASE(cnn8by8_saved_in_bfloat16_and_float16_matches_pytorch) {
    const auto file = golden_file("cnn8by8_bf16.safetensors");
    BOOST_TEST(nn::infer_architecture(file, "f") == "cnn8by8");
    auto model = nn::import_state_dict(file, "f", "cnn8by8");
    BOOST_TEST(model->num_classes() == 3u);
    check_against_pytorch(*model, "state_dicts/cnn8by8_bf16");
}

// The header is torchvision's resnet18(num_classes=5) state dict as save_file lays it out
// (I64 num_batches_tracked included); the data section is filled here with the weight
// formula make_golden.py loaded into torchvision (identical bits), since 45 MB of weights
// are not committed.
BOOST_AUTO_TEST_CASE(torchvision_resnet18_with_five_classes_matches_pytorch) {
    const std::string head = read_bytes(golden_path("state_dicts", "resnet18_5_classes.header"));
    BOOST_REQUIRE(head.size() > 8);
    const nn::SafetensorsHeader header = nn::parse_header(head.substr(8), "resnet18_5_classes.header");
    std::size_t data_bytes = 0;
    for (const auto& t : header.tensors) data_bytes = std::max(data_bytes, t.end);
    std::string bytes = head + std::string(data_bytes, '\0');
    std::size_t integers = 0;
    for (const auto& t : header.tensors) {
        if (t.dtype == "I64") {
            ++integers;
            continue;
        }
        BOOST_REQUIRE(t.dtype == "F32");
        const Tensor value = formula_tensor(t.name, t.shape);
        std::memcpy(bytes.data() + head.size() + t.begin, value.data(), value.size() * sizeof(float));
    }
    BOOST_TEST(integers == 20u);  // one num_batches_tracked per BatchNorm
    const auto file = nn::parse_safetensors(bytes.data(), bytes.size(), "resnet18.safetensors");
    BOOST_TEST(nn::infer_architecture(file, "f") == "resnet18");
    auto model = nn::import_state_dict(file, "resnet18.safetensors");
    BOOST_TEST(model->num_classes() == 5u);
    check_against_pytorch(*model, "state_dicts/resnet18_5_classes");
}

BOOST_AUTO_TEST_CASE(fc_names_and_a_prefixed_sequential_are_mlps_too) {
    const std::string fc = R"({"fc1.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
                           R"("fc1.bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]},)"
                           R"("fc2.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[32,40]},)"
                           R"("fc2.bias":{"dtype":"F32","shape":[1],"data_offsets":[40,44]}})";
    const std::vector<std::vector<float>> values{{1, 0, 0, 0, 1, 0}, {0, 0}, {1, -1}, {0.5f}};
    auto model = nn::import_state_dict(in_memory(fc, values), "f");
    // relu(x0) - relu(x1) + 0.5 at x = (2, 3, 9)
    BOOST_TEST(model->predict(Tensor(xt::xarray<float>{{2.0f, 3.0f, 9.0f}})).data()[0] == -0.5f);
    std::string prefixed = fc;
    for (auto [from, to] : {std::pair<std::string, std::string>{"fc1.", "net.0."}, {"fc2.", "net.2."}})
        for (std::size_t at; (at = prefixed.find(from)) != std::string::npos;) prefixed.replace(at, from.size(), to);
    BOOST_TEST(nn::import_state_dict(in_memory(prefixed, values), "f")->architecture().at("hidden") == "2");
}

BOOST_AUTO_TEST_CASE(misfits_are_refused_naming_the_first_tensor_and_both_shapes) {
    const std::vector<std::vector<float>> values{{1, 0, 0, 0, 1, 0}, {0, 0}, {1, -1, 0}, {0.5f}};
    const std::string chain = R"({"0.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
                              R"("0.bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]},)"
                              R"("2.weight":{"dtype":"F32","shape":[1,3],"data_offsets":[32,44]},)"
                              R"("2.bias":{"dtype":"F32","shape":[1],"data_offsets":[44,48]}})";
    expect_error_mentioning([&] { nn::import_state_dict(in_memory(chain, values), "sd.safetensors"); },
                            {"sd.safetensors", "'2.weight'", "(1, 3)", "expected (outputs, 2)"});
    const std::string no_bias = R"({"0.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})";
    expect_error_mentioning([&] { nn::import_state_dict(in_memory(no_bias, {values[0]}), "sd"); },
                            {"'0.bias' is missing"});
    const std::string bn = R"({"1.running_mean":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    expect_error_mentioning(
        [&] {
            nn::import_state_dict(in_memory(bn, {{0, 0}}), "sd", "mlp");
        },
        {"'1.running_mean'", "not a Linear"});
    const std::string unknown = R"({"encoder.conv.weight":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    expect_error_mentioning(
        [&] {
            nn::infer_architecture(in_memory(unknown, {{0, 0}}), "sd");
        },
        {"'encoder.conv.weight'", "--arch"});
    const std::string nan = R"({"0.weight":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    expect_error_mentioning(
        [&] {
            nn::import_state_dict(in_memory(nan, {{0, std::nanf("")}}), "sd");
        },
        {"'0.weight'", "non-finite", "element 1"});
    // A CNN8by8 whose first conv has 2 input channels: load_state names it and both shapes.
    auto cnn = golden_file("cnn8by8_bf16.safetensors");
    for (auto& [name, tensor] : cnn.tensors)
        if (name == "cnn_layers.3.weight") tensor = xt::zeros<float>({4, 2, 2, 2});  // finite: the shape is the misfit
    expect_error_mentioning([&] { nn::import_state_dict(cnn, "c.safetensors"); },
                            {"c.safetensors", "'cnn_layers.3.weight'", "(4, 2, 2, 2)", "expects (4, 4, 2, 2)"});
    expect_error_mentioning([&] { nn::import_state_dict(cnn, "c", "vgg"); }, {"vgg", "mlp, cnn8by8 or resnet18"});
}

BOOST_AUTO_TEST_SUITE_END()
