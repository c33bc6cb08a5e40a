#pragma once
// Models trained elsewhere: a PyTorch state dict saved with
// `safetensors.torch.save_file(model.state_dict(), path)` becomes one of the engine's three
// families, without metadata:
//   mlp       Linear layers with ReLU between them (the engine assumes ReLU), named
//             fc1, fc2, ... or as a Sequential's children: 0, 2, 4, ... or <prefix>.0, ...;
//             every layer has a bias; widths chain (layer k's inputs = layer k-1's outputs).
//   cnn8by8   XAI-TRIS's names: cnn_layers.{0,3,6,9}.{weight,bias}, linear_layers.0.*.
//   resnet18  torchvision's names and shapes, any number of input channels (conv1.weight)
//             and classes (fc.weight); BatchNorm's integer num_batches_tracked is skipped.
// The architecture is given ("mlp", "cnn8by8", "resnet18") or inferred from the names.
// Errors name the file and the first tensor that does not fit, with the expected and the
// found shape; weights must be finite.

#include <memory>
#include <string>

#include "nn/model.hpp"
#include "nn/safetensors.hpp"

namespace agop::nn {

// "mlp", "cnn8by8" or "resnet18" from the tensor names; throws Error naming `path` and the
// first tensor name when none fits (the remedy: --arch).
std::string infer_architecture(const SafetensorsFile& file, const std::string& path);

// The model the state dict describes, with its weights loaded, in eval mode.
// `architecture` empty: inferred. Throws Error (file, tensor, expected vs found shape).
std::unique_ptr<Model> import_state_dict(const SafetensorsFile& file, const std::string& path,
                                         const std::string& architecture = "");

}  // namespace agop::nn
