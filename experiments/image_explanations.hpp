#pragma once
// The pieces the image experiments of "AGOP as Explanation" share: the eight methods they
// compare with their settings (papers.md Part A), the choice of samples to explain, the
// localisation metrics of a batch of maps, and heat-map grids of the maps beside the images.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "attribution/method_registry.hpp"
#include "eval/summary.hpp"
#include "experiments/table.hpp"
#include "figures/figure_spec.hpp"
#include "nn/labelled_data.hpp"
#include "nn/model.hpp"

namespace agop {

// agop-weighted, agop-local, agop-global, integrated-gradients, smoothgrad, gradcam,
// vanilla-grad, random: the order of every image table.
const std::vector<std::string>& image_methods();

// Part A's image settings: diag(M) (the sample's shape, (C, H, W)) for the AGOP methods,
// IG with a zero baseline and 50 steps of `ig_rule`, SmoothGrad with 50 samples and
// σ = 0.15 · range, Grad-CAM on the model's last conv layer, and the random map seeded by
// `seed` (SmoothGrad's noise by another stream of it).
MethodSettings image_method_settings(const Tensor& agop_diagonal, std::uint64_t seed,
                                     IntegrationRule ig_rule = IntegrationRule::gauss_legendre);

// Indices i (ascending) of the rows of logits (N, C) whose first argmax equals labels[i].
std::vector<std::size_t> correctly_classified(const Tensor& logits, const std::vector<int>& labels);

// What the methods explain and the metrics score: the test rows the model classifies correctly.
struct ExplainedRows {
    std::vector<std::size_t> test_rows;  // ascending positions in the test split
    Tensor inputs;                       // (n, C, H, W)
    std::vector<int> targets;            // (n) the true labels (also the predicted ones)
    Tensor masks;                        // (n, H, W) ground truth
};
// logits (T, C) of the test rows `test` (T rows, data rows test_indices (T)) and every data row's
// mask (N, 1, H, W) -> the correctly classified rows, the first max_rows of them (0: all); an
// empty result when none is correct.
ExplainedRows correctly_classified_rows(const Tensor& logits, const nn::LabelledData& test,
                                        const std::vector<std::size_t>& test_indices, const Tensor& all_masks,
                                        std::size_t max_rows);

// inputs (N, C, H, W), targets (N) -> for each method in `names`, its channel-pooled |a|
// (sum over channels of |a|, Part A) (N, H, W). `max_batch_rows` bounds one tape (memory).
std::map<std::string, Tensor> pooled_attributions(nn::Model& model, const Tensor& inputs,
                                                  const std::vector<int>& targets, const MethodSettings& settings,
                                                  const std::vector<std::string>& names,
                                                  std::size_t max_batch_rows = 8192);
// The same for a model already wrapped (probability_model: the softmax output explained).
std::map<std::string, Tensor> pooled_attributions(const ExplainedModel& explained, const Tensor& inputs,
                                                  const std::vector<int>& targets, const MethodSettings& settings,
                                                  const std::vector<std::string>& names);

// Every metric of a batch of maps, per sample and averaged.
struct LocalisationScores {
    SampleMean miou;            // top-|G| binarisation (Part A default)
    SampleMean pointing_game;   // ties count as hits
    SampleMean precision;       // XAI-TRIS importance precision
    SampleMean emd;             // XAI-TRIS EMD score, normaliser sqrt(2 H W); empty when not computed
    SampleMean mass_accuracy;   // CLEVR-XAI relevance mass accuracy
    SampleMean rank_accuracy;   // CLEVR-XAI relevance rank accuracy
};

// maps (N, H, W) against masks (N, H, W) or one shared (H, W). The EMD (cost grows with
// |G| · H · W) only when `with_emd`.
LocalisationScores localisation_scores(const Tensor& maps, const Tensor& masks, bool with_emd);

// A setting's models by their test accuracy: mean ± 95% interval over seeds (one seed: the number),
// and whether they are near chance: the interval (one seed: the value) reaches chance + 0.05.
struct SettingAccuracy {
    Cell cell;
    bool near_chance = false;
};
SettingAccuracy setting_accuracy(const std::vector<double>& per_seed, double chance);
// "near chance" or "learned": the word every image table puts beside a setting.
std::string models_word(const SettingAccuracy& accuracy);

// A grid with one row per sample: the image ((1, H, W) as a diverging map, (3, H, W) as RGB),
// its ground-truth mask, then each method's map in `columns` order.
// images (R, C, H, W), masks (R, H, W), maps[name] (>= R, H, W): the first R rows are shown.
HeatmapGrid attribution_grid(const std::string& file, const std::string& title, const Tensor& images,
                             const Tensor& masks, const std::map<std::string, Tensor>& maps,
                             const std::vector<std::string>& columns);

}  // namespace agop
