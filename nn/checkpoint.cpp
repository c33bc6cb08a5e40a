#include "nn/checkpoint.hpp"

#include <cmath>
#include <map>
#include <sstream>

#include "autodiff/error.hpp"
#include "nn/model_factory.hpp"

namespace agop::nn {

namespace {

// The metadata number under `key` (0 when absent or not a number: make_model reports those).
std::size_t metadata_count(const Metadata& m, const std::string& key) {
    const auto found = m.find(key);
    if (found == m.end() || found->second.empty() || found->second.size() > 19 ||
        found->second.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return static_cast<std::size_t>(std::stoull(found->second));
}

// Every weight matrix of a model is stored in its checkpoint, so each product of adjacent
// layer widths the metadata declares is at most the file's value count. Checked before
// make_model allocates: a damaged "input_dim" must not build a terabyte model.
void refuse_oversized_architecture(const Metadata& m, std::size_t stored_values, const std::string& path) {
    std::vector<std::pair<std::string, std::size_t>> widths;  // consecutive layers' fan-in/fan-out
    const auto architecture = m.find("architecture");
    if (architecture == m.end()) return;
    if (architecture->second == "mlp") {
        widths.emplace_back("input_dim", metadata_count(m, "input_dim"));
        const auto hidden = m.find("hidden");
        std::stringstream in(hidden == m.end() ? "64,64" : hidden->second);
        for (std::string item; std::getline(in, item, ',');)
            widths.emplace_back("hidden", metadata_count(Metadata{{"w", item}}, "w"));
        widths.emplace_back("classes", metadata_count(m, "classes"));
    } else if (architecture->second == "cnn8by8") {
        widths = {{"classes", metadata_count(m, "classes")}, {"(its last layer)", 1}};
    } else if (architecture->second == "resnet18") {
        widths = {{"in_channels", metadata_count(m, "in_channels")}, {"(its first convolution)", 64 * 49},
                  {"(its last layer)", 512}, {"classes", metadata_count(m, "classes")}};
    }
    for (std::size_t i = 1; i < widths.size(); ++i) {
        std::size_t product = 0;
        if (__builtin_mul_overflow(widths[i - 1].second, widths[i].second, &product) || product > stored_values)
            throw Error(path + ": metadata '" + widths[i - 1].first + "' = " + std::to_string(widths[i - 1].second) +
                        " and '" + widths[i].first + "' = " + std::to_string(widths[i].second) +
                        " describe a model larger than the " + std::to_string(stored_values) +
                        " values the file holds");
    }
}

}  // namespace

void save_checkpoint(const std::string& path, Model& model, const Metadata& extra_metadata,
                     const NamedTensors& extra_tensors, bool overwrite) {
    Metadata metadata = extra_metadata;
    for (const auto& [key, value] : model.architecture()) metadata[key] = value;
    std::vector<std::pair<std::string, const Tensor*>> tensors;
    for (const auto& [name, tensor] : model.state()) tensors.emplace_back(name, tensor);
    for (const auto& [name, tensor] : extra_tensors) tensors.emplace_back(name, &tensor);
    write_safetensors(path, tensors, metadata, overwrite);
}

void load_state(Model& model, const SafetensorsFile& file, const std::string& path) {
    std::map<std::string, Tensor*> expected;
    for (const auto& [name, tensor] : model.state()) expected[name] = tensor;
    for (const auto& [name, tensor] : file.tensors) {
        // A NaN weight (a diverged run, a damaged file) would make every output NaN silently.
        const float* values = tensor.data();
        for (std::size_t i = 0; i < tensor.size(); ++i)
            if (!std::isfinite(values[i]))
                throw Error(path + ": tensor '" + name + "' holds " + std::to_string(values[i]) + " at flat index " +
                            std::to_string(i) + "; a checkpoint's weights and AGOP must be finite");
        auto found = expected.find(name);
        if (found == expected.end()) {
            if (name.rfind("agop.", 0) == 0) continue;
            throw Error(path + ": tensor '" + name + "' is not part of a " + model.architecture().at("architecture") +
                        " model");
        }
        if (shape_of(tensor) != shape_of(*found->second))
            throw Error(path + ": tensor '" + name + "' has shape " + shape_string(tensor) + " but the " +
                        model.architecture().at("architecture") + " model expects " + shape_string(*found->second));
    }
    for (const auto& [name, target] : expected) {
        const Tensor* source = file.find(name);
        if (!source) throw Error(path + ": tensor '" + name + "' is missing");
        *target = *source;
    }
}

std::unique_ptr<Model> load_model(const std::string& path) { return load_model(read_safetensors(path), path); }

std::unique_ptr<Model> load_model(const SafetensorsFile& file, const std::string& source) {
    std::size_t stored_values = 0;
    for (const auto& [name, tensor] : file.tensors) stored_values += tensor.size();
    refuse_oversized_architecture(file.metadata, stored_values, source);
    std::unique_ptr<Model> model;
    try {
        model = make_model(file.metadata);
    } catch (const Error& e) {
        throw Error(source + ": " + e.what());
    }
    load_state(*model, file, source);
    return model;
}

NamedTensors agop_tensors(const Tensor& agop, bool diagonal, const std::vector<Tensor>& snapshots) {
    const std::string name = diagonal ? "agop.diagonal" : "agop.matrix";
    NamedTensors tensors{{name, agop}};
    for (std::size_t i = 0; i < snapshots.size(); ++i) tensors.emplace_back(name + ".epoch_" + std::to_string(i), snapshots[i]);
    return tensors;
}

std::string checkpoint_summary(const std::string& path) {
    const SafetensorsFile file = read_safetensors(path);
    std::ostringstream out;
    auto architecture = file.metadata.find("architecture");
    out << path << "\n  architecture: " << (architecture == file.metadata.end() ? "(none)" : architecture->second) << "\n";
    out << "  metadata:\n";
    for (const auto& [key, value] : file.metadata) out << "    " << key << " = " << value << "\n";
    std::size_t parameters = 0;
    out << "  tensors:\n";
    for (const auto& [name, tensor] : file.tensors) {
        out << "    " << name << " " << shape_string(tensor) << "\n";
        if (name.rfind("agop.", 0) != 0) parameters += tensor.size();
    }
    out << "  " << file.tensors.size() << " tensors, " << parameters << " model values (parameters and buffers)\n";
    return out.str();
}

}  // namespace agop::nn
