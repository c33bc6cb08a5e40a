#include "attribution/agop_eigen.hpp"

#include <lapacke.h>

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"

namespace agop {

namespace {

// Below this dimension the eigendecomposition runs on one thread. dsyevr makes hundreds of
// level-2 BLAS calls of d elements, which OpenBLAS 0.3.21 threads without a size bound;
// measured (LAPACKE_dsyevr, best of 4 interleaved rounds, 2-core Zen 5 at load 13): d = 20
// 43 us on 1 thread, 340 us on 2; d = 105 (Adult) 2.6 ms and 7.2 ms; d = 256 18 ms and 30 ms;
// d = 512 95 ms and 126 ms. AGOP-IxG decomposes its AGOP on each call not given a
// precomputed filter (AgopSettings::filter), so small d are common.
constexpr std::size_t kEigenParallelMinDimension = 512;

}  // namespace

AgopEigenpairs agop_eigenpairs(const Tensor& matrix, const std::string& argument) {
    const Shape shape = shape_of(matrix);
    if (shape.size() != 2 || shape[0] != shape[1] || shape[0] == 0)
        throw_shape_error("agop_eigenpairs", argument + " must be a square AGOP matrix (d, d)", shape);
    const std::size_t d = shape[0];
    double largest = 0.0;
    for (std::size_t i = 0; i < d * d; ++i) largest = std::max(largest, std::abs(static_cast<double>(matrix.data()[i])));
    std::vector<double> a(d * d);
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            const double upper = matrix.data()[i * d + j], lower = matrix.data()[j * d + i];
            if (!std::isfinite(upper))
                throw Error("agop_eigenpairs: " + argument + " holds a non-finite value at (" + std::to_string(i) +
                            ", " + std::to_string(j) + ")");
            if (std::abs(upper - lower) > 1e-4 * largest + 1e-12)
                throw Error("agop_eigenpairs: " + argument + " is not symmetric: (" + std::to_string(i) + ", " +
                            std::to_string(j) + ") = " + std::to_string(upper) + " but (" + std::to_string(j) +
                            ", " + std::to_string(i) + ") = " + std::to_string(lower));
            a[i * d + j] = 0.5 * (upper + lower);
        }
    // dsyevr returns eigenvalues in ascending order; we reverse them to put the dominant
    // directions first.
    std::vector<double> ascending(d), z(d * d);
    std::vector<lapack_int> support(2 * d);
    lapack_int found = 0, info = 0;
    const lapack_int n = static_cast<lapack_int>(d);
    auto decompose = [&] {
        info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'A', 'U', n, a.data(), n, 0.0, 0.0, 0, 0, 0.0, &found,
                              ascending.data(), z.data(), n, support.data());
    };
    if (d < kEigenParallelMinDimension)
        run_with_blas_on_this_thread(decompose);
    else
        decompose();
    if (info != 0 || found != n)
        throw Error("agop_eigenpairs: LAPACKE_dsyevr failed on " + argument + " (info " + std::to_string(info) + ")");
    AgopEigenpairs pairs;
    pairs.dimension = d;
    pairs.values.resize(d);
    pairs.vectors.resize(d * d);
    for (std::size_t k = 0; k < d; ++k) {
        pairs.values[k] = ascending[d - 1 - k];
        for (std::size_t i = 0; i < d; ++i) pairs.vectors[i * d + k] = z[i * d + (d - 1 - k)];
    }
    return pairs;
}

std::size_t agop_rank_for_energy(const std::vector<double>& eigenvalues, double energy) {
    if (!(energy > 0.0 && energy <= 1.0))
        throw Error("agop_rank_for_energy: energy must lie in (0, 1], got " + std::to_string(energy));
    double trace = 0.0;
    for (double v : eigenvalues) trace += v;
    if (!(trace > 0.0))
        throw Error("agop_rank_for_energy: the AGOP matrix has no positive trace (" + std::to_string(trace) +
                    "); the model's input gradients vanish on the data it was computed on");
    double held = 0.0;
    for (std::size_t k = 0; k < eigenvalues.size(); ++k) {
        held += eigenvalues[k];
        // A relative slack of 1e-12 keeps K stable when the energy is met exactly.
        if (held >= energy * trace * (1.0 - 1e-12)) return k + 1;
    }
    return eigenvalues.size();
}

TruncatedAgop agop_top_k(const Tensor& matrix, const AgopTruncation& truncation, const std::string& argument) {
    const AgopEigenpairs pairs = agop_eigenpairs(matrix, argument);
    const std::size_t d = pairs.dimension;
    if (truncation.rank > d)
        throw Error("agop_top_k: truncation.rank = " + std::to_string(truncation.rank) + " exceeds the dimension " +
                    std::to_string(d) + " of " + argument);
    TruncatedAgop truncated;
    truncated.rank = truncation.rank > 0 ? truncation.rank : agop_rank_for_energy(pairs.values, truncation.energy);
    truncated.matrix = Tensor::from_shape({d, d});
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            double total = 0.0;
            for (std::size_t k = 0; k < truncated.rank; ++k)
                total += pairs.vectors[i * d + k] * pairs.values[k] * pairs.vectors[j * d + k];
            truncated.matrix.data()[i * d + j] = static_cast<float>(total);
        }
    return truncated;
}

}  // namespace agop
