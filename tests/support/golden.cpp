#include "support/golden.hpp"

#include "autodiff/tape.hpp"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "autodiff/error.hpp"
#include "data/npy.hpp"

namespace agop::testing {

std::string golden_path(const std::string& golden_case, const std::string& file) {
    const char* root = std::getenv("AGOP_TEST_DIR");
    if (root == nullptr)
        throw Error("golden files: AGOP_TEST_DIR is not set; run the tests through ctest, or set it to the "
                    "tests/ folder");
    return std::string(root) + "/golden/" + golden_case + "/" + file;
}

Tensor golden_tensor(const std::string& golden_case, const std::string& name) {
    return read_npy_tensor(golden_path(golden_case, name + ".npy"));
}

std::vector<int> golden_labels(const std::string& golden_case, const std::string& name) {
    return read_npy_labels(golden_path(golden_case, name + ".npy"));
}

void load_golden_state(nn::Module& model, const std::string& golden_case, const std::string& folder) {
    const auto state = model.state();
    std::set<std::string> names;
    for (const auto& [name, tensor] : state) {
        const std::string path = golden_path(golden_case, folder + "/" + name + ".npy");
        if (!std::filesystem::exists(path)) throw Error("golden state: " + path + " is missing for '" + name + "'");
        Tensor value = read_npy_tensor(path);
        if (shape_of(value) != shape_of(*tensor))
            throw Error("golden state: '" + name + "' is " + shape_string(value) + " in " + path + " but " +
                        shape_string(*tensor) + " in the model");
        *tensor = std::move(value);
        names.insert(name + ".npy");
    }
    for (const auto& entry : std::filesystem::directory_iterator(golden_path(golden_case, folder)))
        if (names.count(entry.path().filename().string()) == 0)
            throw Error("golden state: " + entry.path().string() + " has no tensor of that name in the model");
}

void load_formula_state(nn::Module& model, const std::string& golden_case) {
    const std::string listing_path = golden_path(golden_case, "state_shapes.txt");
    std::ifstream listing(listing_path);
    if (!listing) throw Error("golden state: cannot read " + listing_path);
    std::map<std::string, Shape> torch_shapes;
    for (std::string line; std::getline(listing, line);) {
        std::istringstream fields(line);
        std::string name;
        fields >> name;
        Shape shape;
        for (std::size_t extent; fields >> extent;) shape.push_back(extent);
        torch_shapes[name] = shape;
    }
    const auto state = model.state();
    for (const auto& [name, tensor] : state) {
        const auto found = torch_shapes.find(name);
        if (found == torch_shapes.end())
            throw Error("golden state: the model's '" + name + "' is not in " + listing_path);
        if (found->second != shape_of(*tensor))
            throw Error("golden state: '" + name + "' is " + shape_string(found->second) + " in PyTorch but " +
                        shape_string(*tensor) + " in the model");
        *tensor = formula_tensor(name, found->second);
    }
    if (torch_shapes.size() != state.size())
        throw Error("golden state: " + listing_path + " lists " + std::to_string(torch_shapes.size()) +
                    " tensors, the model has " + std::to_string(state.size()));
}

namespace {

std::uint64_t fnv1a64(const std::string& text) {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (const unsigned char byte : text) h = (h ^ byte) * 0x100000001B3ull;
    return h;
}

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Tensor formula_tensor(const std::string& name, const Shape& shape) {
    Tensor t = Tensor::from_shape(shape);
    const std::uint64_t seed = fnv1a64(name);
    std::size_t fan_in = 1;
    for (std::size_t i = 1; i < shape.size(); ++i) fan_in *= shape[i];
    const double bound = std::sqrt(3.0 / static_cast<double>(fan_in));
    for (std::size_t i = 0; i < t.size(); ++i) {
        // splitmix64 of the (i+1)-th step from the name's hash; the top 24 bits make u exact.
        std::uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        const double u = static_cast<double>(z >> 40) * 0x1p-24, s = 2.0 * u - 1.0;
        double v = 0.0;
        if (ends_with(name, "running_var"))
            v = 1.0 + 0.5 * u;
        else if (ends_with(name, "running_mean") || ends_with(name, "bias"))
            v = 0.1 * s;
        else if (shape.size() == 1)
            v = 1.0 + 0.2 * s;
        else
            v = bound * s;
        t.data()[i] = static_cast<float>(v);
    }
    return t;
}

std::unique_ptr<nn::Mlp> golden_mlp() {
    auto model = std::make_unique<nn::Mlp>(6, 3, std::vector<std::size_t>{8, 8}, 0);
    load_golden_state(*model, "mlp", "weights");
    model->eval();
    return model;
}

std::unique_ptr<nn::Cnn8by8> golden_cnn8by8() {
    auto model = std::make_unique<nn::Cnn8by8>(0, 2);
    load_golden_state(*model, "cnn8by8", "weights");
    model->eval();
    return model;
}

std::unique_ptr<nn::ResNet18> golden_resnet18() {
    auto model = std::make_unique<nn::ResNet18>(3, 10, 0);
    load_formula_state(*model, "resnet18");
    model->eval();
    return model;
}

void check_close(const Tensor& actual, const Tensor& expected, double rtol, double atol, const std::string& what) {
    BOOST_TEST_REQUIRE(shape_of(actual) == shape_of(expected),
                       what << ": shape " << shape_string(actual) << ", expected " << shape_string(expected));
    double worst_ratio = 0.0, largest_difference = 0.0;
    std::size_t worst = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double a = actual.data()[i], e = expected.data()[i], difference = std::abs(a - e);
        const double ratio = difference / (atol + rtol * std::abs(e));
        largest_difference = std::max(largest_difference, difference);
        if (std::isnan(ratio) || ratio > worst_ratio) {  // a NaN is the worst possible element
            worst_ratio = std::isnan(ratio) ? std::numeric_limits<double>::infinity() : ratio;
            worst = i;
        }
    }
    BOOST_TEST(worst_ratio <= 1.0, what << ": element " << worst << " is " << actual.data()[worst] << ", PyTorch "
                                        << expected.data()[worst] << " (rtol " << rtol << ", atol " << atol
                                        << "); largest |difference| " << largest_difference);
}

Tensor target_logit_input_gradients(nn::Model& model, const Tensor& x, const std::vector<int>& targets) {
    Tape tape;
    Var input = tape.input(x);
    Var logits = model.forward(tape, input);
    Tensor seed = filled(logits.shape(), 0.0f);
    for (std::size_t n = 0; n < targets.size(); ++n) seed(n, targets[n]) = 1.0f;
    tape.backward(logits, seed);
    return input.grad();
}

}  // namespace agop::testing
