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
#include "experiments/image_clevr_section.hpp"
#include "experiments/image_clevr_style.hpp"

namespace agop {

// What the section's notes say about the release that was read (a unit result carries it, so
// the section is built without the release at hand).
struct ClevrXaiTaskSummary {
    std::string directory;              // where the release was read
    std::size_t questions = 0;          // shape questions used (after the cap)
    std::size_t shape_questions = 0;    // query_shape questions in the file (before the cap)
    std::size_t questions_in_file = 0;  // every question of CLEVR_questions.json
    std::size_t images_read = 0;        // distinct PNGs read
    std::size_t side = 0;               // images and masks are side x side
};

// Reads the release at `directory` (the first sizes.n_images shape questions; the split from
// `seed`), before any training so that a bad folder is refused at once. Throws agop::Error
// (naming the file) when it cannot be read, or when its masks are under 32x32 (the pipeline's
// smallest size).
ClevrXaiTask read_clevr_xai_task(const std::string& directory, const ClevrStyleRunSizes& sizes, std::uint64_t seed);

ClevrXaiTaskSummary clevr_xai_task_summary(const ClevrXaiTask& task, const std::string& directory);

// Runs one seed of the pipeline on `task` (grid "clevr_xai.png" when grid_rows > 0).
ClevrStyleRun run_clevr_xai(const ClevrXaiTask& task, const ClevrStyleRunSizes& sizes, std::uint64_t seed,
                            std::size_t grid_rows, bool quiet);

// How the report names the release `task` describes (image_clevr_section.hpp).
ClevrNaming clevr_xai_naming(const ClevrXaiTaskSummary& task, const ClevrStyleRunSizes& sizes);

}  // namespace agop
