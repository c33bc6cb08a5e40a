#pragma once
// The claims of "AGOP as Explanation" (papers.md Part B §2.6) checked against the image
// experiment's numbers, and the trend summary behind the "diag(M) improves monotonically
// throughout training" claim.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "experiments/clevr_style_scenes.hpp"
#include "experiments/experiment_result.hpp"
#include "experiments/image_xai_tris.hpp"

namespace agop {

// How AGOP-Global's quality moves with the epochs of one training run.
struct EpochTrend {
    double spearman_miou = 0.0;       // Spearman(epoch, AGOP-Global mIoU)
    double spearman_precision = 0.0;  // Spearman(epoch, AGOP-Global importance precision)
    std::size_t plateau_epoch = 0;    // first epoch whose validation accuracy is within the tolerance of the best
    double miou_at_plateau = 0.0, miou_at_end = 0.0;
};

// epochs (>= 2, in order) -> the trend. Throws agop::Error for fewer than 2 epochs.
EpochTrend epoch_trend(const std::vector<EpochQuality>& epochs, double plateau_tolerance = 0.01);

// ours / reference − 1 (the papers' "+44%"); NaN when the reference is 0.
double relative_improvement(double ours, double reference);

// What the claims read: mean mIoU per "<scenario>/<background>" and method (XAI-TRIS, over
// seeds), per method on the CLEVR-style stand-in or the real CLEVR-XAI (absent when not run; named
// by clevr_name), and the epoch trends.
struct ImageClaimInputs {
    std::map<std::string, std::map<std::string, double>> xai_tris_miou;  // settings whose models learned
    // Settings left out of xai_tris_miou because their models are near chance (the test accuracy's
    // interval reaches chance + 0.05): a claim resting on them alone is "not testable".
    std::vector<std::string> near_chance;
    std::optional<std::map<std::string, double>> clevr_style_miou;  // the stand-in's or the real data's
    std::string clevr_name = kClevrStyleName;  // kClevrXaiName when clevr_style_miou is the real CLEVR-XAI
    std::vector<EpochTrend> trends;
    bool quick = false;
};

// The six claims of §2.6, in the paper's order; each says whether these numbers support it
// and gives them in one sentence (relative improvements as ours / IG − 1).
std::vector<Claim> image_claims(const ImageClaimInputs& inputs);

}  // namespace agop
