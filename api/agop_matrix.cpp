#include "agop/agop_matrix.hpp"

#include "api/tensor_conversion.hpp"
#include "attribution/agop_eigen.hpp"

namespace agop {

AgopSpectrum agop_spectrum(ArrayView matrix) {
    const AgopEigenpairs pairs = agop_eigenpairs(api::tensor_from_view(matrix, "matrix"), "matrix");
    return AgopSpectrum{pairs.dimension, pairs.values, pairs.vectors};
}

AgopTopK agop_truncate(ArrayView matrix, double energy, std::size_t rank) {
    const TruncatedAgop truncated = agop_top_k(api::tensor_from_view(matrix, "matrix"), {energy, rank}, "matrix");
    return AgopTopK{truncated.rank, api::array_from_tensor(truncated.matrix)};
}

}  // namespace agop
