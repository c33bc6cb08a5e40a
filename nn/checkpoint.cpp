#include "nn/checkpoint.hpp"

#include <map>
#include <sstream>

#include "autodiff/error.hpp"
#include "nn/model_factory.hpp"

namespace agop::nn {

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
