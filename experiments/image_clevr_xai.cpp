#include "experiments/image_clevr_xai.hpp"

#include <cstdio>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/summary.hpp"

namespace agop {

namespace {

// Mean and 95% interval over the scored questions (one value: the number alone).
Cell over_questions(const SampleMean& s) {
    if (s.per_sample.size() < 2) return Cell::of_number(s.mean);
    const MeanInterval m = mean_and_interval(s.per_sample);
    return Cell::of_interval(m.mean, m.half_width);
}

}  // namespace

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

ClevrXaiSection clevr_xai_section(const ClevrStyleRun& run, const ClevrXaiTaskSummary& task,
                                  const ClevrStyleRunSizes& sizes) {
    ClevrXaiSection out;
    const std::string& directory = task.directory;
    const std::size_t side = task.side;
    out.seconds["clevr_xai.pretraining"] = run.pretrain_seconds;
    out.seconds["clevr_xai.fine-tuning (hook included)"] = run.finetune_seconds;
    out.seconds["clevr_xai.agop_hook"] = run.hook_seconds;
    out.seconds["clevr_xai.explaining"] = run.explain_seconds;
    out.seconds["clevr_xai.metrics"] = run.metric_seconds;

    Table& t = out.table;
    t.id = "clevr_xai";
    t.title = std::string(kClevrXaiName) +
              ", ResNet-18: localisation of the object a \"What shape is ...?\" question "
              "asks about (GT Single Object)";
    t.columns = {"method", "mIoU", "pointing game", "relevance mass accuracy", "relevance rank accuracy"};
    if (run.explained > 0) {
        std::map<std::string, double> miou;
        for (const auto& method : image_methods()) {
            const auto& s = run.scores.at(method);
            t.add_row({Cell::of_text(method), over_questions(s.miou), over_questions(s.pointing_game),
                       over_questions(s.mass_accuracy), over_questions(s.rank_accuracy)});
            miou[method] = s.miou.mean;
            out.pointing_game[method] = s.pointing_game.per_sample;
        }
        out.miou = miou;
    } else {
        out.messages.push_back("CLEVR-XAI: no test question answered correctly; not scored");
    }
    t.notes = {"The real CLEVR-XAI release read from " + directory + ": " + std::to_string(task.questions) +
                   " of its " + std::to_string(task.shape_questions) + " query_shape questions (" +
                   std::to_string(task.questions_in_file) + " questions in CLEVR_questions.json), on " +
                   std::to_string(task.images_read) + " images resized bilinearly to " + std::to_string(side) + "x" +
                   std::to_string(side) + " (the masks' size).",
               "Task (documented choice): image -> the answer of a shape question (sphere, cube, cylinder); the model "
               "does not see the question, so where a scene holds several shapes the image alone does not fix the "
               "answer. Split 80/10/10 of the questions, stratified by answer.",
               "One seed; mean ± 95% interval over the " + std::to_string(run.explained) +
                   " scored (correctly answered) test questions, as CLEVR-XAI scores only correct answers.",
               "ResNet-18 pretrained on procedural pretext scenes (shape of the largest object) in place of ImageNet, "
               "then fine-tuned; test accuracy " +
                   std::to_string(run.test_accuracy) + ", pretext validation accuracy " +
                   std::to_string(run.pretext_validation_accuracy) + ".",
               "diag(M) (3, S, S) from the AGOP hook during fine-tuning (last-epoch running mean, every " +
                   std::to_string(sizes.every_k_batches) + "th batch: " + std::to_string(run.agop_rows) +
                   " rows behind diag(M)), final weights; Grad-CAM on layer4; |a| summed over RGB."};
    out.grid = run.grid;

    auto& c = out.configuration;
    c["clevr_xai.data"] = std::string(kClevrXaiName) + " release at " + directory +
                          ": CLEVR_questions.json, images/, "
                          "ground_truth/<question_index>.npy|.npz; " +
                          std::to_string(task.questions) + " query_shape questions (cap " +
                          std::to_string(sizes.n_images) + ", question_index order), " + std::to_string(side) + "x" +
                          std::to_string(side);
    c["clevr_xai.training"] = "ResNet-18, Adam lr " + std::to_string(sizes.learning_rate) + ", batch " +
                              std::to_string(sizes.batch_size) + ", " + std::to_string(sizes.pretrain_epochs) +
                              " pretext epochs (" + std::to_string(sizes.n_images) + " procedural scenes) + " +
                              std::to_string(sizes.finetune_epochs) + " fine-tuning epochs, one seed, final weights";
    c["clevr_xai.agop"] = "training hook during fine-tuning, every " + std::to_string(sizes.every_k_batches) +
                          "th batch, last-epoch running mean";
    c["clevr_xai.explained"] =
        "the first " + std::to_string(sizes.max_explained) + " correctly answered test questions";
    return out;
}

}  // namespace agop
