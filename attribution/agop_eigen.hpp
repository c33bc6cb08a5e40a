#pragma once
// The spectrum of an AGOP matrix M = (1/n) Σ_i J(x_i)^T J(x_i) (d x d, symmetric PSD),
// and its top-K truncation M_K = V_K Λ_K V_K^T: the filter of AGOP-IxG.
// The eigendecomposition runs in double precision through LAPACKE_dsyevr.

#include <cstddef>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

struct AgopEigenpairs {
    std::size_t dimension = 0;    // d
    std::vector<double> values;   // (d), λ_1 >= λ_2 >= ... >= λ_d
    std::vector<double> vectors;  // (d, d) row-major; column k is the unit eigenvector of values[k]
};

// How many eigenpairs M_K keeps: `rank` when it is > 0, otherwise the smallest K whose
// eigenvalues hold at least `energy` of trace(M) (papers.md Part A: 95%).
struct AgopTruncation {
    double energy = 0.95;
    std::size_t rank = 0;
};

struct TruncatedAgop {
    std::size_t rank = 0;  // K
    Tensor matrix;         // M_K (d, d), float
};

// matrix (d, d), symmetric up to float rounding -> all eigenpairs, sorted by decreasing
// eigenvalue. Throws Error naming `argument` if the matrix is not square and symmetric.
AgopEigenpairs agop_eigenpairs(const Tensor& matrix, const std::string& argument = "matrix");

// The smallest K with λ_1 + ... + λ_K >= energy · Σ λ (eigenvalues sorted decreasing).
std::size_t agop_rank_for_energy(const std::vector<double>& eigenvalues, double energy);

// matrix (d, d) -> M_K (d, d) and K.
TruncatedAgop agop_top_k(const Tensor& matrix, const AgopTruncation& truncation,
                         const std::string& argument = "matrix");

}  // namespace agop
