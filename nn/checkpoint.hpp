#pragma once
// Model checkpoints: one safetensors file per model holding its parameters and buffers
// (state-dict names), optional extra tensors (the AGOP: "agop.matrix" or "agop.diagonal",
// per-epoch snapshots "agop.diagonal.epoch_0", ...), and in `__metadata__` the
// architecture with its hyper-parameters (Model::architecture()) plus whatever the caller
// adds: training configuration, seed, data set name, final metrics.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nn/model.hpp"
#include "nn/safetensors.hpp"

namespace agop::nn {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

// Saves model state + extra tensors; metadata = extra_metadata then the architecture's keys
// (which win). Temporary file + rename; refuses an existing file unless `overwrite`.
void save_checkpoint(const std::string& path, Model& model, const Metadata& extra_metadata = {},
                     const NamedTensors& extra_tensors = {}, bool overwrite = false);

// Copies a checkpoint's tensors into `model`, checking that every state tensor is present
// with the model's shape, that every other tensor is an "agop." one and that every value of
// every tensor is finite (else an Error naming the tensor and the flat index).
void load_state(Model& model, const SafetensorsFile& file, const std::string& path);

// Builds the model its metadata describes and loads its state. Metadata describing a model
// larger than the file's values is refused before anything is built.
std::unique_ptr<Model> load_model(const std::string& path);
// The same for a checkpoint already read (or parsed from memory); `source` names it in errors.
std::unique_ptr<Model> load_model(const SafetensorsFile& file, const std::string& source);

// The AGOP tensors to store: "agop.matrix" (full) or "agop.diagonal", and
// "<that name>.epoch_<i>" for each snapshot.
NamedTensors agop_tensors(const Tensor& agop, bool diagonal, const std::vector<Tensor>& snapshots = {});

// A readable summary for `agop info`: architecture, metadata, tensors with shapes and the
// parameter count.
std::string checkpoint_summary(const std::string& path);

}  // namespace agop::nn
