// Checkpoints: save and load give bit-identical outputs; damaged files are refused with an
// error naming the file and the tensor; existing files are only replaced when asked.

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "autodiff/error.hpp"
#include "nn/checkpoint.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"
#include "nn/model_factory.hpp"
#include "nn/resnet18.hpp"
#include "nn/safetensors_header.hpp"

using namespace agop;
using namespace agop::nn;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test, removed afterwards.
struct TemporaryDirectory {
    static int& counter() {
        static int n = 0;
        return n;
    }
    fs::path path;
    TemporaryDirectory() {
        path = fs::temp_directory_path() / ("agop_test_checkpoint_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
        fs::create_directories(path);
    }
    ~TemporaryDirectory() { fs::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A file with the given JSON header and `data_bytes` zero bytes of data.
void write_raw(const std::string& path, const std::string& json, std::size_t data_bytes) {
    const std::uint64_t length = json.size();
    std::string bytes(reinterpret_cast<const char*>(&length), 8);
    write_bytes(path, bytes + json + std::string(data_bytes, '\0'));
}

// Runs f and checks it throws an agop::Error whose message contains every one of `parts`.
template <class F>
void expect_error(F f, const std::vector<std::string>& parts) {
    try {
        f();
        BOOST_FAIL("expected an agop::Error");
    } catch (const Error& e) {
        const std::string message = e.what();
        for (const auto& part : parts) BOOST_TEST(message.find(part) != std::string::npos, "'" << part << "' not in: " << message);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checkpoint)

BOOST_AUTO_TEST_CASE(save_then_load_gives_bit_identical_outputs_for_every_architecture) {
    TemporaryDirectory dir;
    const Tensor rows = Rng(1).normal_tensor({5, 7});
    const Tensor small_images = Rng(2).normal_tensor({4, 1, 8, 8});
    const Tensor images = Rng(3).normal_tensor({2, 2, 32, 32});
    Mlp mlp(7, 3, {9, 4}, 4);
    Cnn8by8 cnn(5, 3, true);
    ResNet18 resnet(2, 5, 6);
    {
        Tape tape;  // one training-mode pass so the running statistics are not the defaults
        resnet.forward(tape, tape.constant(images));
    }
    const std::vector<std::pair<Model*, const Tensor*>> cases{{&mlp, &rows}, {&cnn, &small_images}, {&resnet, &images}};
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::string path = dir.file("model" + std::to_string(i) + ".safetensors");
        save_checkpoint(path, *cases[i].first, {{"seed", "4"}, {"dataset", "synthetic"}});
        auto loaded = load_model(path);
        BOOST_TEST(loaded->architecture() == cases[i].first->architecture());
        BOOST_TEST(bit_identical(loaded->predict(*cases[i].second), cases[i].first->predict(*cases[i].second)));
        auto original_state = cases[i].first->state(), loaded_state = loaded->state();
        BOOST_REQUIRE(original_state.size() == loaded_state.size());
        for (std::size_t k = 0; k < original_state.size(); ++k)
            BOOST_TEST(bit_identical(*original_state[k].second, *loaded_state[k].second), original_state[k].first);
    }
}

BOOST_AUTO_TEST_CASE(metadata_and_agop_tensors_round_trip) {
    TemporaryDirectory dir;
    const std::string path = dir.file("m.safetensors");
    Mlp mlp(3, 2, 7);
    const Tensor agop = Rng(8).normal_tensor({3, 3});
    const std::vector<Tensor> snapshots{Rng(9).normal_tensor({3, 3}), Rng(10).normal_tensor({3, 3})};
    const Metadata extra{{"dataset", "tab \"quoted\"\n\\ ünïcode"}, {"metric.test_accuracy", "0.97"}};
    save_checkpoint(path, mlp, extra, agop_tensors(agop, false, snapshots));
    const auto file = read_safetensors(path);
    BOOST_TEST(file.metadata.at("dataset") == extra.at("dataset"));
    BOOST_TEST(file.metadata.at("architecture") == "mlp");
    BOOST_TEST(file.metadata.at("hidden") == "64,64");
    BOOST_TEST(bit_identical(*file.find("agop.matrix"), agop));
    BOOST_TEST(bit_identical(*file.find("agop.matrix.epoch_1"), snapshots[1]));
    const std::string bytes = read_bytes(path);
    const auto from_memory = parse_safetensors(bytes.data(), bytes.size(), "<memory>");
    BOOST_TEST(from_memory.metadata == file.metadata);
    BOOST_TEST(bit_identical(*from_memory.find("agop.matrix"), agop));
    BOOST_CHECK_THROW(parse_safetensors(bytes.data(), 7, "<memory>"), Error);
    std::uint64_t header_length = 0;
    std::memcpy(&header_length, bytes.data(), 8);
    BOOST_TEST(header_length % 8 == 0u);
    const std::string summary = checkpoint_summary(path);
    BOOST_TEST(summary.find("architecture: mlp") != std::string::npos);
    BOOST_TEST(summary.find("fc1.weight (64, 3)") != std::string::npos);
    BOOST_TEST(summary.find("agop.matrix (3, 3)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(header_parser_accepts_the_safetensors_subset_and_refuses_the_rest) {
    const auto header = parse_header(
        R"( {"__metadata__": {"a": "b\u00e9\ud83d\ude00"}, "x": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]}}   )",
        "f");
    BOOST_TEST(header.metadata.at("a") == "b\xc3\xa9\xf0\x9f\x98\x80");
    BOOST_TEST(header.tensors.at(0).shape.empty());
    for (const std::string bad :
         {R"([])", R"({"x": 1})", R"({"x": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}})",
          R"({"x": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}})",
          R"({"x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4], "extra": 1}})",
          R"({"x": {"dtype": "F32", "shape": [1]}})", R"({"__metadata__": {"a": 1}})",
          R"({"x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "x": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})",
          R"({} trailing)", R"({"a": "unterminated)"})
        BOOST_CHECK_THROW(parse_header(bad, "f"), Error);
}

BOOST_AUTO_TEST_CASE(header_strings_with_escapes_round_trip_and_match_json_escaping) {
    // Every character JSON escapes with two characters, another control character and '/'.
    const std::string name = std::string("q\"b\\s/\b\f\n\r\t") + '\x01' + "end";
    SafetensorsHeader header;
    header.tensors.push_back({name, "F32", {1}, 0, 4});
    header.metadata["k\t"] = "v\n";
    const std::string json = format_header(header);
    BOOST_TEST(json.find(R"("q\"b\\s/\b\f\n\r\t\u0001end")") != std::string::npos, json);
    const SafetensorsHeader back = parse_header(json, "f");
    BOOST_TEST(back.tensors.at(0).name == name);
    BOOST_TEST(back.metadata.at("k\t") == "v\n");
    BOOST_TEST(
        parse_header(R"({"a\/b": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})", "f").tensors.at(0).name ==
        "a/b");
    BOOST_CHECK_THROW(parse_header(R"({"a\qb": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})", "f"), Error);
}

BOOST_AUTO_TEST_CASE(damaged_files_are_refused_naming_the_file_and_tensor) {
    TemporaryDirectory dir;
    const std::string good = dir.file("good.safetensors");
    Mlp mlp(2, 2, {3}, 11);
    save_checkpoint(good, mlp);
    const std::string bytes = read_bytes(good);
    const std::string bad = dir.file("bad.safetensors");

    write_bytes(bad, bytes.substr(0, 5));
    expect_error([&] { load_model(bad); }, {bad, "too short"});
    write_bytes(bad, bytes.substr(0, bytes.size() - 4));
    expect_error([&] { load_model(bad); }, {bad, "outside the data section"});
    std::string huge_length = bytes;
    huge_length[6] = '\x7f';
    write_bytes(bad, huge_length);
    expect_error([&] { load_model(bad); }, {bad, "header length"});
    std::string broken_json = bytes;
    broken_json[8] = '[';
    write_bytes(bad, broken_json);
    expect_error([&] { load_model(bad); }, {bad, "bad safetensors header"});

    const std::string meta = R"("__metadata__":{"architecture":"mlp","classes":"2","hidden":"3","input_dim":"2"})";
    const std::string fc1 = R"("fc1.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},)";
    const std::string rest = R"("fc1.bias":{"dtype":"F32","shape":[3],"data_offsets":[24,36]},)"
                             R"("fc2.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[36,60]},)"
                             R"("fc2.bias":{"dtype":"F32","shape":[2],"data_offsets":[60,68]})";
    write_raw(bad, "{" + meta + "," + fc1 + rest + "}", 68);
    BOOST_CHECK_NO_THROW(load_model(bad));
    write_raw(bad, "{" + meta + R"(,"fc1.weight":{"dtype":"F8_E4M3","shape":[3,2],"data_offsets":[0,24]},)" + rest + "}", 68);
    expect_error([&] { load_model(bad); }, {bad, "'fc1.weight'", "dtype F8_E4M3"});
    write_raw(bad, "{" + meta + R"(,"fc1.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)" + rest + "}", 68);
    expect_error([&] { load_model(bad); }, {bad, "'fc1.weight'", "(2, 3)", "expects (3, 2)"});
    write_raw(bad, "{" + meta + R"(,"fc1.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,28]},)" + rest + "}", 68);
    expect_error([&] { load_model(bad); }, {bad, "'fc1.weight'", "span 28 bytes"});
    write_raw(bad, "{" + meta + R"(,"fc1.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[60,84]},)" + rest + "}", 68);
    expect_error([&] { load_model(bad); }, {bad, "'fc1.weight'", "outside the data section"});
    write_raw(bad, "{" + meta + R"(,"fc1.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[20,44]},)" + rest + "}", 68);
    expect_error([&] { load_model(bad); }, {bad, "overlap"});
    write_raw(bad, "{" + meta + "," + rest + "}", 68);
    expect_error([&] { load_model(bad); }, {bad, "'fc1.weight' is missing"});
    write_raw(bad, "{" + meta + "," + fc1 + rest + R"(,"fc9.weight":{"dtype":"F32","shape":[1],"data_offsets":[68,72]}})", 72);
    expect_error([&] { load_model(bad); }, {bad, "'fc9.weight' is not part of"});
    write_raw(bad, R"({"__metadata__":{"architecture":"vgg"},)" + fc1 + rest + "}", 68);
    expect_error([&] { load_model(bad); }, {bad, "unknown architecture 'vgg'"});
}

BOOST_AUTO_TEST_CASE(shapes_whose_size_overflows_are_refused_naming_file_tensor_and_shape) {
    TemporaryDirectory dir;
    const std::string bad = dir.file("huge.safetensors");
    // (2^48, 65536) float32 is 2^66 bytes: wrapped to 64 bits it would match offsets [0, 0].
    write_raw(bad, R"({"w":{"dtype":"F32","shape":[281474976710656,65536],"data_offsets":[0,0]}})", 0);
    expect_error([&] { read_safetensors(bad); }, {bad, "'w'", "(281474976710656, 65536)", "64-bit"});
    expect_error([&] { checkpoint_summary(bad); }, {bad, "(281474976710656, 65536)"});
}

BOOST_AUTO_TEST_CASE(non_finite_weights_are_refused_naming_tensor_and_index) {
    TemporaryDirectory dir;
    const std::string path = dir.file("nan.safetensors");
    for (const float bad : {std::nanf(""), HUGE_VALF}) {
        Mlp mlp(2, 2, {3}, 11);
        Tensor* bias = nullptr;
        for (const auto& [name, tensor] : mlp.state())
            if (name == "fc1.bias") bias = tensor;
        BOOST_REQUIRE(bias);
        bias->data()[2] = bad;
        save_checkpoint(path, mlp, {}, {}, true);
        expect_error([&] { load_model(path); }, {path, "'fc1.bias'", "flat index 2", "finite"});
    }
}

BOOST_AUTO_TEST_CASE(names_in_messages_are_escaped_and_a_folder_is_refused) {
    TemporaryDirectory dir;
    const std::string bad = dir.file("names.safetensors");
    write_raw(bad, R"({"a\r\nb":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a\r\nb":{}})", 4);
    try {
        read_safetensors(bad);
        BOOST_FAIL("accepted a duplicate name");
    } catch (const Error& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find_first_of("\r\n") == std::string::npos, message);
        BOOST_TEST(message.find("a\\r\\nb") != std::string::npos, message);
    }
    expect_error([&] { load_model(dir.path.string()); }, {dir.path.string(), "is a folder"});
}

BOOST_AUTO_TEST_CASE(metadata_describing_a_model_larger_than_the_file_is_refused_before_building_it) {
    TemporaryDirectory dir;
    const std::string bad = dir.file("big.safetensors");
    // 10^12 x 64 weights would be 256 TB; the file holds one value.
    write_raw(bad, R"({"__metadata__":{"architecture":"mlp","classes":"2","input_dim":"1000000000000"},)"
                   R"("fc1.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 4);
    expect_error([&] { load_model(bad); }, {bad, "'input_dim' = 1000000000000", "larger than the 1 values"});
    write_raw(bad, R"({"__metadata__":{"architecture":"resnet18","classes":"2","in_channels":"99999"},)"
                   R"("conv1.weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 4);
    expect_error([&] { load_model(bad); }, {bad, "'in_channels' = 99999"});
}

BOOST_AUTO_TEST_CASE(never_overwrites_without_the_flag) {
    TemporaryDirectory dir;
    const std::string path = dir.file("m.safetensors");
    Mlp first(2, 2, 12), second(2, 2, 13);
    save_checkpoint(path, first);
    const std::string before = read_bytes(path);
    expect_error([&] { save_checkpoint(path, second); }, {path, "refusing to overwrite"});
    BOOST_TEST(read_bytes(path) == before);
    save_checkpoint(path, second, {}, {}, true);
    BOOST_TEST(read_bytes(path) != before);
    BOOST_TEST(bit_identical(*load_model(path)->state()[0].second, *second.state()[0].second));
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir.path)) files += entry.is_regular_file();
    BOOST_TEST(files == 1u);
}

BOOST_AUTO_TEST_CASE(make_model_rebuilds_each_architecture_and_refuses_bad_metadata) {
    BOOST_TEST(make_model({{"architecture", "mlp"}, {"input_dim", "5"}, {"classes", "3"}, {"hidden", "8"}})->parameter_count() ==
               5u * 8 + 8 + 8 * 3 + 3);
    BOOST_TEST(make_model({{"architecture", "cnn8by8"}})->parameter_count() == 234u);
    BOOST_TEST(make_model({{"architecture", "resnet18"}, {"in_channels", "3"}, {"classes", "1000"}})->parameter_count() ==
               11689512u);
    expect_error([] { make_model({{"architecture", "mlp"}, {"classes", "3"}}); }, {"input_dim"});
    expect_error([] { make_model({{"architecture", "mlp"}, {"input_dim", "x5"}, {"classes", "3"}}); }, {"'x5'"});
    expect_error([] { make_model({}); }, {"architecture"});
}

BOOST_AUTO_TEST_SUITE_END()
