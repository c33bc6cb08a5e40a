#include "experiments/image_clevr_xai.hpp"

#include <cstdio>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"

namespace agop {

ClevrXaiTask read_clevr_xai_task(const std::string& directory, const ClevrStyleRunSizes& sizes, std::uint64_t seed) {
    ClevrXaiTask task = read_clevr_xai_release(directory, sizes.n_images, Rng::stream(seed, 5).next_u64());
    const std::size_t side = task.data.images.shape()[2];
    if (side < 32)
        throw Error("CLEVR-XAI: " + directory + "/ground_truth: the masks are " + std::to_string(side) + "x" +
                    std::to_string(side) + "; the pipeline needs at least 32x32 (the release's are 128x128)");
    return task;
}

ClevrXaiTaskSummary clevr_xai_task_summary(const ClevrXaiTask& task, const std::string& directory) {
    return {directory, task.data.labels.size(), task.shape_questions, task.questions_in_file, task.images_read,
            task.data.images.shape()[2]};
}

ClevrStyleRun run_clevr_xai(const ClevrXaiTask& task, const ClevrStyleRunSizes& sizes, std::uint64_t seed,
                            std::size_t grid_rows, bool quiet) {
    if (!quiet)
        std::fprintf(stderr,
                     "images: %s (%zu shape questions on %zu images), ResNet-18 pretrain + fine-tune + explain\n",
                     kClevrXaiName, task.data.labels.size(), task.images_read);
    return run_clevr_on(task.data, sizes, seed, grid_rows, quiet, "clevr_xai.png",
                        std::string(kClevrXaiName) + ": the object each shape question asks about, |a| summed over RGB");
}

ClevrNaming clevr_xai_naming(const ClevrXaiTaskSummary& task, const ClevrStyleRunSizes& sizes) {
    const std::string side = std::to_string(task.side) + "x" + std::to_string(task.side);
    ClevrNaming naming;
    naming.key = "clevr_xai";
    naming.title = std::string(kClevrXaiName) +
                   ", ResNet-18: localisation of the object a \"What shape is ...?\" question asks about (GT Single "
                   "Object)";
    naming.scored = "test questions";
    naming.correctly = "answered";
    naming.data_notes = {
        "The real CLEVR-XAI release read from " + task.directory + ": " + std::to_string(task.questions) + " of its " +
            std::to_string(task.shape_questions) + " query_shape questions (" + std::to_string(task.questions_in_file) +
            " questions in CLEVR_questions.json), on " + std::to_string(task.images_read) +
            " images resized bilinearly to " + side + " (the masks' size).",
        "Task (documented choice): image -> the answer of a shape question (sphere, cube, cylinder); the model does "
        "not see the question, so where a scene holds several shapes the image alone does not fix the answer. Split "
        "80/10/10 of the questions, stratified by answer. CLEVR-XAI scores only correct answers."};
    naming.pretraining =
        "ResNet-18 pretrained on procedural pretext scenes (shape of the largest object) in place of "
        "ImageNet";
    naming.data_setting = std::string(kClevrXaiName) + " release at " + task.directory +
                          ": CLEVR_questions.json, images/, ground_truth/<question_index>.npy|.npz; " +
                          std::to_string(task.questions) + " query_shape questions (cap " +
                          std::to_string(sizes.n_images) + ", question_index order), " + side;
    naming.training_source = "pretext epochs (" + std::to_string(sizes.n_images) + " procedural scenes)";
    return naming;
}

}  // namespace agop
