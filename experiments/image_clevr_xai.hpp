#pragma once
// The CLEVR-XAI part of the image experiment on the REAL release (`agop reproduce images
// --clevr-xai DIR`): the shape-question task of experiments/clevr_xai_release.hpp, run through
// the stand-in's pipeline (run_clevr_on: ResNet-18 pretrained on procedural pretext scenes in
// place of ImageNet, fine-tuned with the AGOP hook, every method scored against each question's
// GT Single Object mask), reported as CLEVR-XAI: table "clevr_xai", grid "clevr_xai.png".

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "experiments/clevr_xai_release.hpp"
#include "experiments/experiment_result.hpp"
#include "experiments/image_clevr_style.hpp"

namespace agop {

struct ClevrXaiSection {
    Table table;                                               // id "clevr_xai"
    std::optional<HeatmapGrid> grid;                           // "clevr_xai.png" when grid_rows > 0
    std::optional<std::map<std::string, double>> miou;         // per method; absent when nothing was scored
    std::map<std::string, std::vector<double>> pointing_game;  // per method, per scored question (0/1)
    std::map<std::string, double> seconds;                     // "clevr_xai.<stage>"
    std::map<std::string, std::string> configuration;          // "clevr_xai.<setting>"
    std::vector<std::string> messages;
};

// Reads the release at `directory` (the first sizes.n_images shape questions; the split from
// `seed`), before any training so that a bad folder is refused at once. Throws agop::Error
// (naming the file) when it cannot be read, or when its masks are under 32x32 (the pipeline's
// smallest size).
ClevrXaiTask read_clevr_xai_task(const std::string& directory, const ClevrStyleRunSizes& sizes, std::uint64_t seed);

// Runs one seed of the pipeline on `task` (read from `directory`) and builds the table.
ClevrXaiSection run_clevr_xai_section(const ClevrXaiTask& task, const std::string& directory,
                                      const ClevrStyleRunSizes& sizes, std::uint64_t seed, std::size_t grid_rows,
                                      bool quiet);

}  // namespace agop
