#include "cli/image_inputs.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"
#include "data/explanation_files.hpp"
#include "data/npy.hpp"
#include "figures/attribution_overlay.hpp"
#include "figures/png_images.hpp"

namespace agop::cli {

namespace fs = std::filesystem;

namespace {

// One sample of a batch (N, ...) as its own tensor.
Tensor sample_of(const Tensor& batch, std::size_t i) {
    const Shape shape(batch.shape().begin() + 1, batch.shape().end());
    Tensor out = Tensor::from_shape(shape);
    std::copy_n(batch.data() + i * out.size(), out.size(), out.data());
    return out;
}

}  // namespace

void add_image_input_options(CLI::App* command, ImageInputOptions& o) {
    command->add_flag("--no-resize", o.no_resize,
                      "Refuse PNG inputs whose size differs from the model's "
                      "(default: resize them bilinearly)");
    command->add_option("--overlays", o.overlays, "Image models: overlay PNGs for the first N samples (0: none)")
        ->capture_default_str();
}

ExplainInputs read_explain_inputs(const std::string& path, const ModelSource& source, const ImageInputOptions& o,
                                  bool quiet) {
    ExplainInputs inputs;
    if (!fs::is_directory(path)) {
        inputs.samples = read_npy_tensor(path);
        if (inputs.samples.dimension() < 2)
            throw Error("--inputs " + path + ": expected samples (N, ...), got " + shape_string(inputs.samples));
        for (std::size_t i = 0; i < inputs.samples.shape()[0]; ++i) inputs.names.push_back("row " + std::to_string(i));
        return inputs;
    }
    const Shape& shape = source.sample_shape;
    if (shape.size() != 3)
        throw Error("--inputs " + path + ": a folder of PNG files needs an image model; this one takes rows of " +
                    std::to_string(shape.empty() ? 0 : shape[0]) + " features");
    const bool any_size = source.model->architecture().at("architecture") == "resnet18" && !source.sample_shape_given;
    PngFolder folder = read_png_folder(path, shape[0], any_size ? 0 : shape[1], any_size ? 0 : shape[2], !o.no_resize);
    if (folder.resized > 0 && !quiet)
        std::cerr << "note: resized " << folder.resized << " of " << folder.files.size() << " PNG files bilinearly to "
                  << folder.images.shape()[3] << "x" << folder.images.shape()[2] << " (--no-resize refuses them)\n";
    if (!source.image_mean.empty()) {
        const Shape s = shape_of(folder.images);
        const std::size_t plane = s[2] * s[3];
        float* x = folder.images.data();
        for (std::size_t i = 0; i < folder.images.size(); ++i) {
            const std::size_t c = (i / plane) % s[1];
            x[i] = (x[i] - source.image_mean[c]) / source.image_std[c];
        }
    }
    inputs.samples = std::move(folder.images);
    inputs.names = std::move(folder.files);
    return inputs;
}

std::vector<fs::path> write_image_outputs(const fs::path& dir, const ExplainInputs& inputs, const Tensor& attributions,
                                          const Predictions& predictions, const std::string& method,
                                          const ImageInputOptions& o) {
    if (inputs.samples.dimension() != 4) return {};
    std::string csv = "sample,input\n";
    for (std::size_t i = 0; i < inputs.names.size(); ++i)
        csv += std::to_string(i) + "," + csv_quoted(inputs.names[i]) + "\n";
    std::vector<fs::path> written{dir / "inputs.csv"};
    write_text_file_atomically(written.back(), csv);
    const std::size_t count = std::min(o.overlays, inputs.names.size());
    if (count > 0) fs::create_directories(dir / "overlays");
    for (std::size_t i = 0; i < count; ++i) {
        char title[256];
        std::snprintf(title, sizeof title, "%s: %s, class %d (p = %.3f)", method.c_str(), inputs.names[i].c_str(),
                      predictions.predicted_class[i], predictions.probability[i]);
        written.push_back(dir / "overlays" / (method + "_" + std::to_string(i) + ".png"));
        write_attribution_overlay(sample_of(inputs.samples, i), sample_of(attributions, i), title, written.back().string());
    }
    return written;
}

}  // namespace agop::cli
