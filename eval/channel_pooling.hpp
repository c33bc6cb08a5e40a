#pragma once
// Pooling an image attribution over its channels into one 2-D map.

#include "autodiff/tensor.hpp"

namespace agop {

// How the C values of a pixel become one value. The six poolings of CLEVR-XAI (Arras et
// al. 2022, §4.2 of docs/papers.md), named for what they compute:
enum class ChannelPooling {
    sum_of_abs,    // sum_c |R_c|            (CLEVR-XAI "l1-norm"; agop's default)
    max_abs,       // max_c |R_c|            ("max-norm")
    l2,            // sqrt(sum_c R_c^2)      ("l2-norm")
    l2_squared,    // sum_c R_c^2            ("l2-norm,sq")
    abs_of_sum,    // |sum_c R_c|            ("sum,abs")
    positive_sum,  // max(sum_c R_c, 0)      ("sum,pos")
};

// (C, H, W) -> (H, W), or a batch (N, C, H, W) -> (N, H, W). Every pooling gives a
// non-negative map. Throws agop::Error for any other rank or C = 0.
Tensor pool_channels(const Tensor& attribution, ChannelPooling pooling = ChannelPooling::sum_of_abs);

}  // namespace agop
