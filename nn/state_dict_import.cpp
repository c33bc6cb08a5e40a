#include "nn/state_dict_import.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "autodiff/error.hpp"
#include "nn/checkpoint.hpp"
#include "nn/mlp.hpp"
#include "nn/model_factory.hpp"

namespace agop::nn {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One Linear layer of an MLP state dict: its position in the network and its two tensors.
struct LinearLayer {
    std::string prefix;  // "fc3", "net.4", "2"
    const Tensor* weight = nullptr;
    const Tensor* bias = nullptr;
};

// "fc3.weight" -> order 3; "net.4.weight" / "4.weight" -> order 4 with scope "net." / "";
// false for any other name.
bool parse_mlp_name(const std::string& name, std::string& scope, std::size_t& order, std::string& layer,
                    std::string& field) {
    const auto dot = name.rfind('.');
    if (dot == std::string::npos) return false;
    field = name.substr(dot + 1);
    layer = name.substr(0, dot);
    if (field != "weight" && field != "bias") return false;
    const auto inner = layer.rfind('.');
    const std::string last = inner == std::string::npos ? layer : layer.substr(inner + 1);
    scope = inner == std::string::npos ? "" : layer.substr(0, inner + 1);
    if (starts_with(last, "fc") && all_digits(last.substr(2))) {
        order = std::stoul(last.substr(2));
        scope += "fc";
        return true;
    }
    if (all_digits(last)) {
        order = std::stoul(last);
        return true;
    }
    return false;
}

std::string expected_shape(const std::string& first, const std::string& second) {
    return "(" + first + ", " + second + ")";
}

std::unique_ptr<Model> import_mlp(const SafetensorsFile& file, const std::string& path) {
    std::map<std::size_t, LinearLayer> layers;
    std::string common_scope;
    for (const auto& [name, tensor] : file.tensors) {
        std::string scope, layer, field;
        std::size_t order = 0;
        if (!parse_mlp_name(name, scope, order, layer, field))
            throw Error(path + ": tensor '" + name +
                        "' is not a Linear layer's weight or bias; an MLP state dict "
                        "names its layers fc1, fc2, ... or 0, 2, ... (a Sequential of Linear and ReLU)");
        if (layers.empty()) common_scope = scope;
        if (scope != common_scope)
            throw Error(path + ": tensor '" + name + "' does not share the naming of the first layer ('" +
                        common_scope + "...'); an MLP state dict has one Sequential or fc1, fc2, ...");
        LinearLayer& entry = layers[order];
        entry.prefix = layer;
        (field == "weight" ? entry.weight : entry.bias) = &tensor;
    }
    if (layers.empty()) throw Error(path + ": holds no tensors");
    std::size_t input_dim = 0, width = 0;
    std::vector<std::size_t> widths;
    NamedTensors renamed;
    std::size_t index = 0;
    for (const auto& [order, layer] : layers) {
        ++index;
        const std::string weight_name = layer.prefix + ".weight", bias_name = layer.prefix + ".bias";
        if (!layer.weight) throw Error(path + ": tensor '" + weight_name + "' is missing (its bias is present)");
        if (!layer.bias)
            throw Error(path + ": tensor '" + bias_name + "' is missing (the engine's MLP layers have biases)");
        const Shape w = shape_of(*layer.weight);
        const std::string expected_in = index == 1 ? "inputs" : std::to_string(width);
        if (w.size() != 2 || w[0] == 0 || w[1] == 0 || (index > 1 && w[1] != width))
            throw Error(path + ": tensor '" + weight_name + "' has shape " + shape_string(w) + "; expected " +
                        expected_shape("outputs", expected_in) + " (a Linear weight" +
                        (index > 1 ? " taking the " + std::to_string(width) + " outputs of the layer before" : "") +
                        ")");
        if (shape_of(*layer.bias) != Shape{w[0]})
            throw Error(path + ": tensor '" + bias_name + "' has shape " + shape_string(*layer.bias) + "; expected (" +
                        std::to_string(w[0]) + ")");
        if (index == 1)
            input_dim = w[1];
        else
            widths.push_back(width);
        width = w[0];
        renamed.emplace_back("fc" + std::to_string(index) + ".weight", *layer.weight);
        renamed.emplace_back("fc" + std::to_string(index) + ".bias", *layer.bias);
    }
    auto model = std::make_unique<Mlp>(input_dim, width, widths, 0);
    SafetensorsFile engine_names;
    engine_names.tensors = std::move(renamed);
    load_state(*model, engine_names, path);
    return model;
}

std::unique_ptr<Model> import_named(const SafetensorsFile& file, const std::string& path,
                                    const Metadata& architecture) {
    std::unique_ptr<Model> model;
    try {
        model = make_model(architecture);
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
    load_state(*model, file, path);
    return model;
}

// The tensor `name` with `rank` dimensions, or an error naming what was expected.
const Tensor& required(const SafetensorsFile& file, const std::string& path, const std::string& name, std::size_t rank,
                       const std::string& expected) {
    const Tensor* t = file.find(name);
    if (!t) throw Error(path + ": tensor '" + name + "' is missing; expected shape " + expected);
    if (t->dimension() != rank)
        throw Error(path + ": tensor '" + name + "' has shape " + shape_string(*t) + "; expected " + expected);
    return *t;
}

}  // namespace

std::string infer_architecture(const SafetensorsFile& file, const std::string& path) {
    if (file.tensors.empty()) throw Error(path + ": holds no float tensors; nothing to import");
    if (file.find("conv1.weight") && file.find("fc.weight") && file.find("layer1.0.conv1.weight")) return "resnet18";
    if (file.find("cnn_layers.0.weight")) return "cnn8by8";
    std::string scope, layer, field;
    std::size_t order = 0;
    if (parse_mlp_name(file.tensors.front().first, scope, order, layer, field) &&
        shape_of(file.tensors.front().second).size() <= 2)
        return "mlp";
    throw Error(path + ": cannot tell the architecture from the tensor names (the first is '" +
                file.tensors.front().first + "'); pass --arch mlp|cnn8by8|resnet18");
}

std::unique_ptr<Model> import_state_dict(const SafetensorsFile& file, const std::string& path,
                                         const std::string& architecture) {
    for (const auto& [name, tensor] : file.tensors)
        for (std::size_t i = 0; i < tensor.size(); ++i)
            if (!std::isfinite(tensor.data()[i]))
                throw Error(path + ": tensor '" + name + "' holds a non-finite value at element " + std::to_string(i) +
                            "; weights must be finite");
    const std::string arch = architecture.empty() ? infer_architecture(file, path) : architecture;
    std::unique_ptr<Model> model;
    if (arch == "mlp") {
        model = import_mlp(file, path);
    } else if (arch == "cnn8by8") {
        const Tensor& fc = required(file, path, "linear_layers.0.weight", 2, "(classes, 4)");
        model = import_named(file, path, {{"architecture", "cnn8by8"}, {"classes", std::to_string(fc.shape()[0])}});
    } else if (arch == "resnet18") {
        const Tensor& conv1 = required(file, path, "conv1.weight", 4, "(64, in_channels, 7, 7)");
        const Tensor& fc = required(file, path, "fc.weight", 2, "(classes, 512)");
        model = import_named(file, path,
                             {{"architecture", "resnet18"},
                              {"in_channels", std::to_string(conv1.shape()[1])},
                              {"classes", std::to_string(fc.shape()[0])}});
    } else {
        throw Error("--arch " + arch + ": unknown architecture; expected mlp, cnn8by8 or resnet18");
    }
    model->eval();
    return model;
}

}  // namespace agop::nn
