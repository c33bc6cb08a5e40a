#pragma once
// The random reference: i.i.d. uniform values in [-1, 1) (XAI-TRIS's uniform random
// baseline), the map every metric is compared against.

#include <cstdint>

#include "autodiff/tensor.hpp"

namespace agop {

struct RandomSettings {
    std::uint64_t seed = 0;       // sample i draws from Rng::stream(seed, first_row + i)
    std::uint64_t first_row = 0;  // the inputs' first row in the whole set (a shard's offset)
};

// inputs (N, ...) -> (N, ...); only the shape of the inputs is used.
Tensor random_attribution(const Tensor& inputs, const RandomSettings& settings);

}  // namespace agop
