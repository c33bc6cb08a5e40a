#pragma once
// A small dense linear solver in double precision for the regressions of KernelSHAP and
// LIME (a few dozen unknowns, one system per explained sample). Plain loops rather than
// LAPACK so that the per-sample systems can be solved inside an OpenMP loop (BLAS is never
// called from inside one).

#include <cstddef>
#include <vector>

namespace agop {

// Solves A x = b for A (n, n) row-major by Gaussian elimination with partial pivoting.
// Returns false (and leaves x unspecified) if A is singular to working precision.
bool solve_linear_system(std::vector<double> a, std::vector<double> b, std::size_t n, std::vector<double>& x);

}  // namespace agop
