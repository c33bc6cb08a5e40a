#pragma once
// Where `agop explain`'s model comes from: an agop checkpoint (the architecture in its
// metadata, the AGOP that agop train stored) or a state dict saved by PyTorch
// (nn/state_dict_import.hpp: --arch, or inferred from names and shapes). A state dict holds
// no AGOP: it is computed post hoc from --agop-data (training rows or images; the full
// matrix for tabular inputs, the diagonal for images, over all logits, as agop train does),
// and --save writes weights + AGOP + architecture into a new agop checkpoint, never into
// the --checkpoint file itself. Images a PyTorch model was trained on are often normalised
// per channel: --image-mean / --image-std say how, and --save keeps them.

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "nn/model.hpp"

namespace agop::cli {

struct ModelSourceOptions {
    std::string arch;         // --arch mlp|cnn8by8|resnet18 (empty: the metadata's, or inferred)
    std::string input_shape;  // --input-shape C,H,W (or D)
    std::string agop_data;    // --agop-data FILE.npy
    std::string save;         // --save NEW.safetensors
    std::string image_mean;   // --image-mean 0.485,0.456,0.406 (per channel)
    std::string image_std;    // --image-std 0.229,0.224,0.225
};

// Adds --arch, --input-shape, --agop-data, --save, --image-mean and --image-std to `command`.
void add_model_source_options(CLI::App* command, ModelSourceOptions& options);

struct ModelSource {
    std::unique_ptr<nn::Model> model;  // eval mode
    bool imported = false;             // a PyTorch state dict rather than an agop checkpoint
    std::optional<Tensor> agop;        // computed from --agop-data, else stored, else none
    bool agop_diagonal = false;        // agop is diag(M) in the sample's shape (images)
    // One sample's shape: --input-shape if given, else the checkpoint's input_shape metadata
    // (as --save stores it), else the model's nominal input_shape().
    Shape sample_shape;
    bool sample_shape_given = false;
    // The normalisation PNG inputs get after scaling to [0, 1], (x - mean[c]) / std[c]: from
    // --image-mean / --image-std, else the checkpoint's metadata (image_mean, image_std, as
    // --save stores them), else none (empty).
    std::vector<float> image_mean, image_std;
    nn::Metadata metadata;  // the checkpoint's __metadata__ (the tabular preprocessing lives there)
};

// "3,224,224" -> (3, 224, 224); throws Error naming --input-shape for anything else.
Shape parse_input_shape(const std::string& text);

// Loads the model of `checkpoint`, computes the AGOP from --agop-data if given, and writes
// --save if given (refusing the --checkpoint file itself, and an existing file unless
// `overwrite`). Throws Error naming the file or option at fault.
ModelSource load_model_source(const std::string& checkpoint, const ModelSourceOptions& options, bool overwrite);

// The AGOP `method` needs: source.agop, or an Error naming --agop-data as the remedy.
const Tensor& required_agop(const ModelSource& source, const std::string& method, const std::string& checkpoint);

}  // namespace agop::cli
