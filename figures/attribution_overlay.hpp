#pragma once
// One PNG per explained image: the input in grey, the attribution in colour on top of it,
// and a colour bar with the attribution's scale.
//
// The attribution is summed over channels. A map with any negative value (a signed method:
// gradients, IG, DeepSHAP, AGOP-IxG) uses a diverging blue-white-red map on [-max|a|,
// +max|a|]; a non-negative one white-to-red on [0, max]. Each pixel's colour is blended over
// the grey input with opacity 0.75 |a| / max|a|, so the input shows where the attribution is
// small, and a little even where it is largest.
// The grey is the input's channel mean, scaled from its own min..max to black..white.

#include <string>

#include "autodiff/tensor.hpp"

namespace agop::cli {

// image (C, H, W), attribution (C, H, W) of the same shape; writes `path` whole or not at
// all. Throws Error for other shapes or a failed write.
void write_attribution_overlay(const Tensor& image, const Tensor& attribution, const std::string& title,
                               const std::string& path);

}  // namespace agop::cli
