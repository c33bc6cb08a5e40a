#pragma once
// Grad-CAM (Selvaraju et al. 2017) on a named conv layer with activation A (N, K, h, w):
//   α_k = mean over (h, w) of d f_c / d A_k,   cam = ReLU(Σ_k α_k A_k)  (N, h, w),
// upsampled bilinearly to the input's H x W (align_corners=False, like Captum's
// LayerAttribution.interpolate) and repeated over the input's C channels.

#include <string>

#include "attribution/explained_model.hpp"
#include "attribution/targets.hpp"

namespace agop {

struct GradCamSettings {
    std::string layer;  // passed to model.logits_with_activation; empty: the last conv layer
};

// inputs (N, C, H, W), targets (N) -> (N, C, H, W). One forward and one backward sweep per
// piece of at most model.max_batch_rows samples, pieces side by side on the threads
// (row_pieces.hpp); the backward sweep ends at the layer (nothing below it is differentiated).
Tensor gradcam(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
               const GradCamSettings& settings);
// The same for given or predicted targets (predicted: read from the pass's own logits, no
// separate prediction pass).
Tensor gradcam(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
               const GradCamSettings& settings);

}  // namespace agop
