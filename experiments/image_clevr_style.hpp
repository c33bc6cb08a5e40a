#pragma once
// The CLEVR-XAI part of the image experiment on the procedural STAND-IN scenes
// (experiments/clevr_style_scenes.hpp; the real CLEVR-XAI cannot be downloaded here): ResNet-18
// "pretrained" on the pretext task (shape of the largest object) in place of ImageNet, then
// fine-tuned on the unique-red-object shape task; every method's map is scored against the
// red object's mask.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "experiments/clevr_style_scenes.hpp"
#include "experiments/image_explanations.hpp"

namespace agop {

struct ClevrStyleRunSizes {
    std::size_t n_images = 2500;          // split 80/10/10, stratified by label
    std::size_t image_size = 64;
    std::size_t pretrain_epochs = 3;      // pretext task
    std::size_t finetune_epochs = 4;      // unique-red-object task
    std::size_t batch_size = 32;
    float learning_rate = 1e-3f;          // Adam, both stages
    std::size_t every_k_batches = 4;      // AGOP hook during fine-tuning
    std::size_t max_explained = 48;       // correctly classified test samples explained
    std::size_t max_batch_rows = 64;      // rows per tape while explaining (memory)
    IntegrationRule ig_rule = IntegrationRule::gauss_legendre;  // Captum's default
};

struct ClevrStyleRun {
    double pretext_validation_accuracy = 0.0;  // after pretraining
    double test_accuracy = 0.0;                // fine-tuned model on the task
    std::size_t explained = 0;
    std::size_t agop_rows = 0;  // fine-tuning rows behind diag(M) (the hook's last epoch)
    std::map<std::string, LocalisationScores> scores;  // by method; no EMD (64x64 is too costly)
    std::optional<HeatmapGrid> grid;
    double pretrain_seconds = 0.0, finetune_seconds = 0.0, hook_seconds = 0.0;
    double explain_seconds = 0.0, metric_seconds = 0.0;
};

// One run (one seed). The AGOP diagonal (3, S, S) is the hook's last-epoch running mean of the
// fine-tuning (every k-th batch, all outputs, logits); the final weights are used (no checkpoint
// selection, so the hook's estimate and the explained model agree).
ClevrStyleRun run_clevr_style(const ClevrStyleRunSizes& sizes, std::uint64_t seed, std::size_t grid_rows,
                              bool quiet);

// The same pipeline on given scenes (the real CLEVR-XAI task, experiments/clevr_xai_release.hpp):
// `data` needs images (N, 3, S, S), labels in {0, 1, 2}, masks (N, 1, S, S) and its split; the
// pretext scenes are drawn at S (sizes.image_size is not used). The grid, when grid_rows > 0, is
// the file `grid_file` titled `grid_title`.
ClevrStyleRun run_clevr_on(const ClevrStyleData& data, const ClevrStyleRunSizes& sizes, std::uint64_t seed,
                           std::size_t grid_rows, bool quiet, const std::string& grid_file,
                           const std::string& grid_title);

}  // namespace agop
