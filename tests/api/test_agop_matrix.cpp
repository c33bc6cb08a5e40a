// The public AGOP spectrum and top-K truncation: the eigenpairs rebuild the matrix, the
// truncation is the engine's, and bad matrices are refused by name.

#include <boost/test/unit_test.hpp>
#include <limits>

#include "agop/agop.hpp"
#include "api/api_fixtures.hpp"
#include "attribution/agop_eigen.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// A = B^T B for a seeded B (8, 5): a 5 x 5 symmetric positive semi-definite matrix.
Tensor gram_matrix() {
    const Tensor b = normal_inputs({8, 5}, 21);
    Tensor a = Tensor::from_shape({5, 5});
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 5; ++j) {
            double sum = 0.0;
            for (std::size_t k = 0; k < 8; ++k) sum += double(b(k, i)) * b(k, j);
            a(i, j) = static_cast<float>(sum);
        }
    return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(api_agop_matrix)

BOOST_AUTO_TEST_CASE(spectrum_rebuilds_the_matrix) {
    const Tensor a = gram_matrix();
    const AgopSpectrum spectrum = agop_spectrum(view_of(a));
    BOOST_TEST_REQUIRE(spectrum.dimension == 5u);
    for (std::size_t k = 1; k < 5; ++k) BOOST_TEST(spectrum.values[k - 1] >= spectrum.values[k]);
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 5; ++j) {
            double sum = 0.0;  // (V Λ V^T)_ij
            for (std::size_t k = 0; k < 5; ++k)
                sum += spectrum.vectors[i * 5 + k] * spectrum.values[k] * spectrum.vectors[j * 5 + k];
            BOOST_TEST(sum == double(a(i, j)), boost::test_tools::tolerance(1e-5));
        }
}

BOOST_AUTO_TEST_CASE(truncation_is_the_engines_top_k) {
    const Tensor a = gram_matrix();
    for (double energy : {0.5, 0.9, 1.0}) {
        const AgopTopK ours = agop_truncate(view_of(a), energy);
        const TruncatedAgop engine = agop_top_k(a, {energy, 0});
        BOOST_TEST(ours.rank == engine.rank);
        BOOST_TEST(same_bits(ours.matrix, engine.matrix));
    }
    const AgopTopK rank_two = agop_truncate(view_of(a), 0.95, 2);
    BOOST_TEST(rank_two.rank == 2u);
    BOOST_TEST(same_bits(rank_two.matrix, agop_top_k(a, {0.95, 2}).matrix));
}

BOOST_AUTO_TEST_CASE(bad_matrices_are_refused_by_name) {
    const Tensor rectangle = normal_inputs({3, 4}, 2);
    expect_error_mentioning([&] { agop_spectrum(view_of(rectangle)); }, {"matrix"});
    Tensor infinite = gram_matrix();
    infinite(1, 1) = std::numeric_limits<float>::infinity();
    expect_error_mentioning([&] { agop_truncate(view_of(infinite)); }, {"matrix", "element 6", "finite"});
    expect_error_mentioning([&] { agop_truncate(view_of(gram_matrix()), 0.0); }, {"energy"});
    expect_error_mentioning([&] { agop_truncate(view_of(gram_matrix()), 0.95, 6); }, {"rank", "6"});
}

BOOST_AUTO_TEST_SUITE_END()
