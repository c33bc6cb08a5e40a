#include "cli/model_source.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "autodiff/error.hpp"
#include "data/npy.hpp"
#include "nn/agop.hpp"
#include "nn/checkpoint.hpp"
#include "nn/model_factory.hpp"
#include "nn/safetensors.hpp"
#include "nn/state_dict_import.hpp"

namespace agop::cli {

namespace fs = std::filesystem;

namespace {

std::unique_ptr<nn::Model> agop_checkpoint_model(const nn::SafetensorsFile& file, const std::string& path,
                                                 const std::string& arch) {
    const std::string& stored = file.metadata.at("architecture");
    if (!arch.empty() && arch != stored)
        throw Error("--arch " + arch + ": " + path + " is an agop checkpoint of a " + stored + " model");
    std::unique_ptr<nn::Model> model;
    try {
        model = nn::make_model(file.metadata);
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
    nn::load_state(*model, file, path);
    return model;
}

std::optional<Tensor> stored_agop(const nn::SafetensorsFile& file) {
    if (const Tensor* m = file.find("agop.matrix")) return *m;
    if (const Tensor* d = file.find("agop.diagonal")) return *d;
    return std::nullopt;
}

// Whether a sample of `shape` fits `model`: the nominal shape, or for ResNet-18 the same
// channels and H, W >= 32.
bool fits(const nn::Model& model, const Shape& shape) {
    const Shape nominal = model.input_shape();
    if (model.architecture().at("architecture") == "resnet18")
        return shape.size() == 3 && shape[0] == nominal[0] && shape[1] >= 32 && shape[2] >= 32;
    return shape == nominal;
}

std::string expected_shape(const nn::Model& model) {
    const Shape nominal = model.input_shape();
    if (model.architecture().at("architecture") == "resnet18")
        return "(" + std::to_string(nominal[0]) + ", H >= 32, W >= 32)";
    return shape_string(nominal);
}

Tensor agop_from_data(nn::Model& model, const std::string& path, bool& diagonal, std::size_t& samples) {
    const Tensor data = read_npy_tensor(path);
    if (data.dimension() < 2 || data.shape()[0] == 0)
        throw Error("--agop-data " + path + ": expected (N, ...) samples, got " + shape_string(data));
    const Shape sample(data.shape().begin() + 1, data.shape().end());
    if (!fits(model, sample))
        throw Error("--agop-data " + path + ": samples of shape " + shape_string(sample) +
                    " do not fit the model, which takes " + expected_shape(model));
    samples = data.shape()[0];
    nn::AgopOptions options;
    diagonal = sample.size() > 1;  // images: diag(M); tabular: the full matrix
    options.diagonal = diagonal;
    return nn::compute_agop(model, data, options);
}

// "0.5,0.25" -> {0.5, 0.25}: one finite value per channel (stds positive).
std::vector<float> parse_channel_values(const std::string& option, const std::string& text, std::size_t channels,
                                        bool positive) {
    std::vector<float> values;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        float value = 0;
        try {
            value = std::stof(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || !std::isfinite(value) || (positive && value <= 0))
            throw Error(option + " " + text + ": expected " + std::to_string(channels) + " comma-separated " +
                        (positive ? "positive " : "") + "numbers, one per channel");
        values.push_back(value);
    }
    if (values.size() != channels)
        throw Error(option + " " + text + ": expected " + std::to_string(channels) +
                    " values, one per channel of the model");
    return values;
}

std::string join(const std::vector<float>& values) {
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i) {
        char item[32];
        std::snprintf(item, sizeof item, "%.9g", values[i]);
        text += (i ? "," : "") + std::string(item);
    }
    return text;
}

void resolve_normalisation(const ModelSourceOptions& o, const nn::Metadata& metadata, ModelSource& source) {
    const std::size_t channels = source.sample_shape.size() == 3 ? source.sample_shape[0] : 0;
    auto pick = [&](const std::string& option, const std::string& given, const std::string& key, bool positive) {
        const auto stored = metadata.find(key);
        const std::string text = !given.empty() ? given : stored != metadata.end() ? stored->second : "";
        if (text.empty()) return std::vector<float>{};
        if (channels == 0) throw Error(option + ": applies to image models only");
        return parse_channel_values(given.empty() ? "checkpoint metadata " + key : option, text, channels, positive);
    };
    source.image_mean = pick("--image-mean", o.image_mean, "image_mean", false);
    source.image_std = pick("--image-std", o.image_std, "image_std", true);
    if (source.image_mean.empty() != source.image_std.empty())
        throw Error("--image-mean and --image-std: give both or neither");
}

void save_new_checkpoint(const std::string& checkpoint, const ModelSourceOptions& o, const ModelSource& source,
                         bool diagonal, std::size_t agop_samples, bool overwrite) {
    std::error_code ignored;
    if (fs::path(o.save) == fs::path(checkpoint) || fs::equivalent(o.save, checkpoint, ignored))
        throw Error("--save " + o.save + ": this is the --checkpoint file; agop never writes into it, name a new file");
    nn::Metadata metadata{{"source_checkpoint", fs::path(checkpoint).filename().string()},
                          {"source_format", source.imported ? "pytorch state dict" : "agop checkpoint"}};
    if (source.sample_shape_given) {
        std::string shape;
        for (std::size_t i = 0; i < source.sample_shape.size(); ++i)
            shape += (i ? "," : "") + std::to_string(source.sample_shape[i]);
        metadata["input_shape"] = shape;
    }
    if (!source.image_mean.empty()) {
        metadata["image_mean"] = join(source.image_mean);
        metadata["image_std"] = join(source.image_std);
    }
    nn::NamedTensors tensors;
    if (source.agop) {
        tensors = nn::agop_tensors(*source.agop, diagonal);
        if (!o.agop_data.empty()) {
            metadata["agop_data"] = fs::path(o.agop_data).filename().string();
            metadata["agop_samples"] = std::to_string(agop_samples);
            metadata["agop_outputs"] = "all logits";
        }
    }
    nn::save_checkpoint(o.save, *source.model, metadata, tensors, overwrite);
}

}  // namespace

void add_model_source_options(CLI::App* command, ModelSourceOptions& o) {
    command->add_option("--arch", o.arch,
                        "Architecture of a PyTorch state dict: mlp, cnn8by8 or resnet18 "
                        "(default: inferred from tensor names and shapes)");
    command->add_option("--input-shape", o.input_shape,
                        "One sample's shape C,H,W (ResNet-18: the size PNG "
                        "inputs are resized to)");
    command->add_option("--agop-data", o.agop_data,
                        "Training samples (N, ...) .npy to compute the AGOP from "
                        "(a state dict stores none)");
    command->add_option("--image-mean", o.image_mean,
                        "PNG inputs: per-channel mean subtracted after scaling to [0, 1]");
    command->add_option("--image-std", o.image_std, "PNG inputs: per-channel standard deviation divided by after that");
    command->add_option("--save", o.save,
                        "Write the model and its AGOP as a new agop checkpoint (never the "
                        "--checkpoint file)");
}

Shape parse_input_shape(const std::string& text) {
    Shape shape;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        unsigned long value = 0;
        try {
            value = std::stoul(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || item[0] == '-' || value == 0 || value > (1u << 20))
            throw Error("--input-shape " + text + ": expected positive integers separated by commas, e.g. 3,224,224");
        shape.push_back(value);
    }
    if (shape.empty() || shape.size() > 3)
        throw Error("--input-shape " + text + ": expected C,H,W for images or D for tabular rows");
    return shape;
}

ModelSource load_model_source(const std::string& checkpoint, const ModelSourceOptions& o, bool overwrite) {
    const nn::SafetensorsFile file = nn::read_safetensors(checkpoint);
    ModelSource source;
    source.imported = file.metadata.count("architecture") == 0;
    source.model = source.imported ? nn::import_state_dict(file, checkpoint, o.arch)
                                   : agop_checkpoint_model(file, checkpoint, o.arch);
    source.model->eval();
    source.sample_shape = source.model->input_shape();
    const auto stored_shape = file.metadata.find("input_shape");
    const std::string shape_text = !o.input_shape.empty()                ? o.input_shape
                                   : stored_shape != file.metadata.end() ? stored_shape->second
                                                                         : "";
    if (!shape_text.empty()) {
        const Shape given = parse_input_shape(shape_text);
        if (!fits(*source.model, given))
            throw Error("--input-shape " + shape_text + ": the model takes " + expected_shape(*source.model));
        source.sample_shape = given;
        source.sample_shape_given = true;
    }
    resolve_normalisation(o, file.metadata, source);
    bool diagonal = false;
    std::size_t agop_samples = 0;
    if (!o.agop_data.empty()) {
        source.agop = agop_from_data(*source.model, o.agop_data, diagonal, agop_samples);
    } else {
        source.agop = stored_agop(file);
        diagonal = file.find("agop.matrix") == nullptr;
    }
    source.agop_diagonal = source.agop && diagonal;
    if (!o.save.empty()) save_new_checkpoint(checkpoint, o, source, diagonal, agop_samples, overwrite);
    source.metadata = file.metadata;
    return source;
}

const Tensor& required_agop(const ModelSource& source, const std::string& method, const std::string& checkpoint) {
    if (source.agop) return *source.agop;
    throw Error("--method " + method + ": needs an AGOP, and " + checkpoint + " stores none; pass --agop-data " +
                "with training samples (N, ...) .npy to compute it");
}

}  // namespace agop::cli
