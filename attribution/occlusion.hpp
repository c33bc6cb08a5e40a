#pragma once
// Occlusion (Zeiler & Fergus 2014), as Captum's Occlusion: the drop of the target logit
// when a part of the input is replaced by the baseline,
//   tables (N, d):        a_j = f_c(x) - f_c(x with column j set to baseline_j)
//   images (N, C, H, W):  square patches (all channels) slide with `stride`; each element
//                         gets the mean drop over the patches that cover it.
// The last patch of a row or column is placed flush with the image's edge so that every
// pixel is covered (Captum leaves a remainder uncovered when the stride does not fit).

#include "attribution/baseline.hpp"
#include "attribution/explained_model.hpp"

namespace agop {

struct OcclusionSettings {
    Baseline baseline = Baseline::zeros();  // replacement values, shaped like one sample
    std::size_t patch = 2;                  // images: patch side
    std::size_t stride = 1;                 // images: step between patches
};

// inputs (N, d) or (N, C, H, W), targets (N) -> the inputs' shape.
Tensor occlusion(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                 const OcclusionSettings& settings);

}  // namespace agop
