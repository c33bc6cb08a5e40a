#include "experiments/image_clevr_section.hpp"

#include "experiments/image_explanations.hpp"

namespace agop {

Cell over_samples(const SampleMean& s) {
    if (s.per_sample.size() < 2) return Cell::of_number(s.mean);
    const MeanInterval m = mean_and_interval(s.per_sample);
    return Cell::of_interval(m.mean, m.half_width);
}

ClevrNaming clevr_style_naming(const ClevrStyleRunSizes& sizes) {
    ClevrNaming naming;
    naming.key = "clevr_style";
    naming.title = std::string(kClevrStyleName) + ", ResNet-18: localisation of the unique red object";
    naming.scored = "test scenes";
    naming.correctly = "classified";
    naming.data_notes = {"PROCEDURAL STAND-IN for CLEVR-XAI (not the real data set, which cannot be downloaded here)."};
    naming.pretraining =
        "ResNet-18 pretrained on the pretext task (shape of the largest object, separate scenes) in "
        "place of ImageNet";
    naming.data_setting = std::string(kClevrStyleName) + ", unique_red_shape, " + std::to_string(sizes.n_images) +
                          " scenes (and as many pretext scenes), " + std::to_string(sizes.image_size) + "x" +
                          std::to_string(sizes.image_size);
    naming.training_source = "pretext epochs";
    return naming;
}

namespace {

void add_notes(Table& t, const ClevrStyleRun& run, const ClevrNaming& naming, const ClevrStyleRunSizes& sizes) {
    t.notes = naming.data_notes;
    t.notes.push_back("One seed; mean ± 95% interval over the " + std::to_string(run.explained) +
                      " scored (correctly " + naming.correctly + ") " + naming.scored + ".");
    t.notes.push_back(naming.pretraining + ", then fine-tuned; test accuracy " + std::to_string(run.test_accuracy) +
                      ", pretext validation accuracy " + std::to_string(run.pretext_validation_accuracy) + ".");
    t.notes.push_back("diag(M) (3, S, S) from the AGOP hook during fine-tuning (last-epoch running mean, every " +
                      std::to_string(sizes.every_k_batches) + "th batch: " + std::to_string(run.agop_rows) +
                      " rows behind diag(M)), final weights; Grad-CAM on layer4; |a| summed over RGB.");
}

void add_configuration(std::map<std::string, std::string>& c, const ClevrNaming& naming,
                       const ClevrStyleRunSizes& sizes) {
    c[naming.key + ".data"] = naming.data_setting;
    c[naming.key + ".training"] = "ResNet-18, Adam lr " + std::to_string(sizes.learning_rate) + ", batch " +
                                  std::to_string(sizes.batch_size) + ", " + std::to_string(sizes.pretrain_epochs) +
                                  " " + naming.training_source + " + " + std::to_string(sizes.finetune_epochs) +
                                  " fine-tuning epochs, one seed, final weights (documented choice: CPU budget)";
    c[naming.key + ".agop"] = "training hook during fine-tuning, every " + std::to_string(sizes.every_k_batches) +
                              "th batch, last-epoch running mean";
    c[naming.key + ".explained"] =
        "the first " + std::to_string(sizes.max_explained) + " correctly " + naming.correctly + " " + naming.scored;
}

}  // namespace

ClevrSection clevr_section(const ClevrStyleRun& run, const ClevrNaming& naming, const ClevrStyleRunSizes& sizes) {
    ClevrSection out;
    const std::string& key = naming.key;
    out.seconds[key + ".pretraining"] = run.pretrain_seconds;
    out.seconds[key + ".fine-tuning (hook included)"] = run.finetune_seconds;
    out.seconds[key + ".agop_hook"] = run.hook_seconds;
    out.seconds[key + ".explaining"] = run.explain_seconds;
    out.seconds[key + ".metrics"] = run.metric_seconds;
    Table& t = out.table;
    t.id = key;
    t.title = naming.title;
    t.columns = {"method", "mIoU", "pointing game", "relevance mass accuracy", "relevance rank accuracy"};
    if (run.explained > 0) {
        std::map<std::string, double> miou;
        for (const auto& method : image_methods()) {
            const auto& s = run.scores.at(method);
            t.add_row({Cell::of_text(method), over_samples(s.miou), over_samples(s.pointing_game),
                       over_samples(s.mass_accuracy), over_samples(s.rank_accuracy)});
            miou[method] = s.miou.mean;
            out.pointing_game[method] = s.pointing_game.per_sample;
        }
        out.miou = miou;
    } else {
        out.messages.push_back(key + ": no " + naming.scored + " " + naming.correctly + " correctly; not scored");
    }
    add_notes(t, run, naming, sizes);
    out.grid = run.grid;
    add_configuration(out.configuration, naming, sizes);
    return out;
}

}  // namespace agop
