#pragma once
// The options of `agop explain`, shared by the command, its parts (--shard) and `agop merge`,
// which rebuilds them from the parts' part.json.

#include <cstddef>
#include <string>
#include <vector>

#include "cli/common_options.hpp"
#include "cli/image_inputs.hpp"
#include "cli/model_source.hpp"

namespace agop::cli {

struct ExplainOptions {
    CommonOptions common;
    bool list = false;
    std::string checkpoint, method = "agop-ixg", inputs, targets, background;
    std::size_t ig_steps = 50, smoothgrad_samples = 50, lime_samples = 5000, agop_rank = 0;
    std::size_t kernelshap_budget = 0, occlusion_patch = 2, figure_rows = 20;
    double agop_energy = 0.95, smoothgrad_noise = 0.15, lime_kernel_width = 0.0;
    std::string gradcam_layer, ig_baseline = "zeros", model_output = "auto";
    std::string csv, unseen_category = "error";
    bool per_column = false, figures = false;
    std::string shard;                      // --shard i/n (empty: all rows)
    std::vector<std::string> merged_parts;  // agop merge: the part folders read (inputs --force keeps)
    ModelSourceOptions source;
    ImageInputOptions images;
};

}  // namespace agop::cli
