#pragma once
// The samples `agop explain` explains and what it writes about images: --inputs is a .npy
// (N, ...) or a folder of PNG files (figures/png_images.hpp: name order, converted to the
// model's channels, scaled to [0, 1], resized bilinearly unless --no-resize, then normalised
// with the model source's image mean and std if it has them). For image
// models, OUT/inputs.csv lists each sample's file (or .npy row) in order (the predicted class
// and probability are in predictions_<method>.csv), and OUT/overlays/<method>_<i>.png shows
// the attribution over the input (figures/attribution_overlay.hpp) for the first --overlays
// samples, titled with the file, the predicted class and its probability.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "cli/model_source.hpp"
#include "explain/explanation_pipeline.hpp"

namespace agop::cli {

struct ImageInputOptions {
    bool no_resize = false;     // --no-resize: refuse PNGs of another size
    std::size_t overlays = 16;  // --overlays: how many overlay PNGs (0: none)
};

void add_image_input_options(CLI::App* command, ImageInputOptions& options);

struct ExplainInputs {
    Tensor samples;                  // (N, ...)
    std::vector<std::string> names;  // N: PNG file names, or "row <i>" of the .npy
};

// Reads --inputs `path` for `source`'s model; PNG folders need an image model. `quiet`: no
// note on stderr about resized images.
ExplainInputs read_explain_inputs(const std::string& path, const ModelSource& source, const ImageInputOptions& options,
                                  bool quiet);

// For image samples (N, C, H, W): inputs.csv and the overlays, returning the files written;
// nothing for tabular ones.
std::vector<std::filesystem::path> write_image_outputs(const std::filesystem::path& dir, const ExplainInputs& inputs,
                                                       const Tensor& attributions, const Predictions& predictions,
                                                       const std::string& method, const ImageInputOptions& options);

}  // namespace agop::cli
