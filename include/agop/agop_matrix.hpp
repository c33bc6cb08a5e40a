#pragma once
// agop/agop_matrix.hpp: the spectrum of an AGOP and its top-K truncation.
//
// M (d x d) is an AGOP (Model::compute_agop, or Model::stored_agop of a checkpoint trained
// with a full AGOP): symmetric positive semi-definite. M_K = V_K Λ_K V_K^T keeps its K largest
// eigenpairs; AGOP-IxG filters each gradient through M_K. The eigendecomposition runs in
// double precision (LAPACK dsyevr).
//
// Throws agop::Error naming `matrix` when it is not (d, d), not symmetric up to float
// rounding, or holds a non-finite value; and when energy is not in (0, 1].

#include <cstddef>
#include <vector>

#include "agop/array.hpp"

namespace agop {

struct AgopSpectrum {
    std::size_t dimension = 0;    // d
    std::vector<double> values;   // (d), λ_1 >= λ_2 >= ... >= λ_d
    std::vector<double> vectors;  // (d, d) row-major; column k is the unit eigenvector of values[k]
};

struct AgopTopK {
    std::size_t rank = 0;  // K
    Array matrix;          // M_K (d, d)
};

// matrix (d, d) -> all eigenpairs, by decreasing eigenvalue.
AgopSpectrum agop_spectrum(ArrayView matrix);

// matrix (d, d) -> M_K and K. K = `rank` when rank > 0 (at most d), otherwise the smallest K
// whose eigenvalues hold at least `energy` of trace(M) (the papers' default: 0.95).
AgopTopK agop_truncate(ArrayView matrix, double energy = 0.95, std::size_t rank = 0);

}  // namespace agop
