#pragma once
// What the AGOP methods are given: the AGOP matrix computed by nn/ on the training set.

#include <optional>
#include <string>

#include "attribution/agop_eigen.hpp"
#include "autodiff/error.hpp"

namespace agop {

struct AgopSettings {
    // The full AGOP (d, d) with d the number of elements of one sample (tabular inputs),
    // or only its diagonal with the shape of one sample (images: (C, H, W)).
    // AGOP-IxG needs the full matrix; AGOP-Weighted and AGOP-Global use the diagonal of either.
    Tensor matrix = Tensor::from_shape({0});
    AgopTruncation truncation;  // K of M_K for AGOP-IxG
    // agop_top_k(matrix, truncation), when the caller computes it once for many calls (agop
    // explain calls a method once per block of rows); empty: each call computes it.
    std::optional<TruncatedAgop> filter;
};

// Throws Error naming settings.agop.matrix if no matrix was given.
inline void require_agop_matrix(const std::string& method, const AgopSettings& settings) {
    if (settings.matrix.size() == 0)
        throw Error(method + ": settings.agop.matrix is missing; pass the AGOP matrix that nn/ computed on the "
                             "training set ((d, d), or its diagonal with the shape of one sample)");
}

}  // namespace agop
