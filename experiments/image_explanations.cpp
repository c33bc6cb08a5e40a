#include "experiments/image_explanations.hpp"

#include <xtensor/xview.hpp>

#include "attribution/explained_model.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "eval/channel_pooling.hpp"
#include "eval/earth_movers_distance.hpp"
#include "eval/iou.hpp"
#include "eval/localisation_metrics.hpp"

namespace agop {

const std::vector<std::string>& image_methods() {
    static const std::vector<std::string> names = {"agop-weighted", "agop-local",   "agop-global",  "integrated-gradients",
                                                   "smoothgrad",    "gradcam",      "vanilla-grad", "random"};
    return names;
}

MethodSettings image_method_settings(const Tensor& agop_diagonal, std::uint64_t seed, IntegrationRule ig_rule) {
    MethodSettings settings;
    settings.agop.matrix = agop_diagonal;
    settings.integrated_gradients.baseline = Baseline::zeros();
    settings.integrated_gradients.steps = 50;
    settings.integrated_gradients.rule = ig_rule;
    settings.smoothgrad.samples = 50;
    settings.smoothgrad.noise_level = 0.15;
    settings.smoothgrad.seed = Rng::stream(seed, 1).next_u64();
    settings.gradcam.layer = "";  // the model's last conv layer
    settings.random.seed = Rng::stream(seed, 2).next_u64();
    return settings;
}

std::vector<std::size_t> correctly_classified(const Tensor& logits, const std::vector<int>& labels) {
    if (logits.dimension() != 2 || logits.shape()[0] != labels.size())
        throw_shape_error("correctly_classified", "logits must be (N, C) with one label per row", shape_of(logits));
    const std::size_t n = logits.shape()[0], classes = logits.shape()[1];
    std::vector<std::size_t> correct;
    for (std::size_t i = 0; i < n; ++i) {
        if (predicted_class(logits.data() + i * classes, classes) == labels[i]) correct.push_back(i);
    }
    return correct;
}

ExplainedRows correctly_classified_rows(const Tensor& logits, const nn::LabelledData& test,
                                        const std::vector<std::size_t>& test_indices, const Tensor& all_masks,
                                        std::size_t max_rows) {
    ExplainedRows rows;
    rows.test_rows = correctly_classified(logits, test.labels);
    if (max_rows > 0 && rows.test_rows.size() > max_rows) rows.test_rows.resize(max_rows);
    if (rows.test_rows.empty()) return rows;
    rows.inputs = nn::gather_rows(test.inputs, rows.test_rows);
    std::vector<std::size_t> data_rows;
    for (std::size_t i : rows.test_rows) {
        rows.targets.push_back(test.labels[i]);
        data_rows.push_back(test_indices.at(i));
    }
    rows.masks = nn::gather_rows(all_masks, data_rows);  // (n, 1, H, W) -> (n, H, W)
    rows.masks.reshape({data_rows.size(), all_masks.shape()[2], all_masks.shape()[3]});
    return rows;
}

std::map<std::string, Tensor> pooled_attributions(nn::Model& model, const Tensor& inputs,
                                                  const std::vector<int>& targets, const MethodSettings& settings,
                                                  const std::vector<std::string>& names, std::size_t max_batch_rows) {
    return pooled_attributions(explained_model(model, max_batch_rows), inputs, targets, settings, names);
}

std::map<std::string, Tensor> pooled_attributions(const ExplainedModel& explained, const Tensor& inputs,
                                                  const std::vector<int>& targets, const MethodSettings& settings,
                                                  const std::vector<std::string>& names) {
    std::map<std::string, Tensor> maps;
    for (const auto& name : names)
        maps[name] = pool_channels(explain(name, explained, inputs, Targets::classes(targets), settings));
    return maps;
}

LocalisationScores localisation_scores(const Tensor& maps, const Tensor& masks, bool with_emd) {
    LocalisationScores scores;
    scores.miou = miou(maps, masks);
    scores.pointing_game = mean_pointing_game(maps, masks);
    scores.precision = mean_importance_precision(maps, masks);
    if (with_emd) scores.emd = mean_emd_score(maps, masks);
    scores.mass_accuracy = mean_relevance_mass_accuracy(maps, masks);
    scores.rank_accuracy = mean_relevance_rank_accuracy(maps, masks);
    return scores;
}

SettingAccuracy setting_accuracy(const std::vector<double>& per_seed, double chance) {
    if (per_seed.empty()) throw Error("setting_accuracy: no accuracy to summarise");
    SettingAccuracy out;
    if (per_seed.size() == 1) {
        out.cell = Cell::of_number(per_seed[0]);
        out.near_chance = per_seed[0] <= chance + 0.05;
        return out;
    }
    const MeanInterval m = mean_and_interval(per_seed);
    out.cell = Cell::of_interval(m.mean, m.half_width);
    out.near_chance = m.mean - m.half_width <= chance + 0.05;
    return out;
}

std::string models_word(const SettingAccuracy& accuracy) { return accuracy.near_chance ? "near chance" : "learned"; }

HeatmapGrid attribution_grid(const std::string& file, const std::string& title, const Tensor& images,
                             const Tensor& masks, const std::map<std::string, Tensor>& maps,
                             const std::vector<std::string>& columns) {
    if (images.dimension() != 4 || (images.shape()[1] != 1 && images.shape()[1] != 3))
        throw_shape_error("attribution_grid", "images must be (R, 1 or 3, H, W)", shape_of(images));
    const std::size_t rows = images.shape()[0];
    if (masks.dimension() != 3 || masks.shape()[0] != rows)
        throw_shape_error("attribution_grid", "masks must be (R, H, W) with one mask per image", shape_of(masks));
    HeatmapGrid grid;
    grid.file = file;
    grid.title = title;
    grid.column_titles = {"image", "ground truth"};
    grid.column_titles.insert(grid.column_titles.end(), columns.begin(), columns.end());
    for (std::size_t i = 0; i < rows; ++i) {
        grid.row_titles.push_back("test sample " + std::to_string(i + 1));
        std::vector<HeatmapPanel> row;
        if (images.shape()[1] == 1)
            row.push_back({Tensor(xt::view(images, i, 0)), true});
        else
            row.push_back({Tensor(xt::view(images, i)), false});
        row.push_back({Tensor(xt::view(masks, i)), false});
        for (const auto& name : columns) {
            const auto found = maps.find(name);
            if (found == maps.end()) throw Error("attribution_grid: no map for the column '" + name + "'");
            if (found->second.dimension() != 3 || found->second.shape()[0] < rows)
                throw_shape_error("attribution_grid", "maps must be (N, H, W) with N >= the grid's rows",
                                  shape_of(found->second));
            row.push_back({Tensor(xt::view(found->second, i)), false});
        }
        grid.panels.push_back(std::move(row));
    }
    return grid;
}

}  // namespace agop
