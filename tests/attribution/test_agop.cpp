// AGOP methods: the eigendecomposition and its truncation, AGOP-IxG against its formula,
// AGOP-Weighted and AGOP-Global on a model that looks at one pixel.

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "attribution/agop_diagonal.hpp"
#include "attribution/agop_ixg.hpp"
#include "attribution/vanilla_gradient.hpp"
#include "autodiff/error.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/explicit_agop.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

// A random symmetric PSD matrix A^T A (d, d) of rank min(rows, d).
Tensor random_psd(std::size_t d, std::size_t rows, std::uint64_t seed) {
    const Tensor a = normal_inputs({rows, d}, seed);
    Tensor m = xt::zeros<float>({d, d});
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j)
            for (std::size_t r = 0; r < rows; ++r) m(i, j) += a(r, i) * a(r, j);
    return m;
}

Tensor diagonal_matrix(const std::vector<float>& values) {
    Tensor m = xt::zeros<float>({values.size(), values.size()});
    for (std::size_t i = 0; i < values.size(); ++i) m(i, i) = values[i];
    return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(agop_methods)

BOOST_AUTO_TEST_CASE(eigenpairs_satisfy_mv_equals_lambda_v_and_are_sorted) {
    const std::size_t d = 7;
    const Tensor m = random_psd(d, 10, 1);
    const AgopEigenpairs pairs = agop_eigenpairs(m);
    BOOST_TEST(pairs.values.size() == d);
    for (std::size_t k = 0; k + 1 < d; ++k) BOOST_TEST(pairs.values[k] >= pairs.values[k + 1]);
    for (std::size_t k = 0; k < d; ++k) {
        double norm = 0.0;
        for (std::size_t i = 0; i < d; ++i) {
            double mv = 0.0;
            for (std::size_t j = 0; j < d; ++j) mv += m(i, j) * pairs.vectors[j * d + k];
            BOOST_TEST(std::abs(mv - pairs.values[k] * pairs.vectors[i * d + k]) < 1e-4 * pairs.values[0]);
            norm += pairs.vectors[i * d + k] * pairs.vectors[i * d + k];
        }
        BOOST_TEST(std::abs(norm - 1.0) < 1e-9);
    }
}

BOOST_AUTO_TEST_CASE(rank_holds_the_requested_share_of_the_trace) {
    const std::vector<double> values{10.0, 5.0, 3.0, 1.0, 0.5, 0.5};
    BOOST_TEST(agop_rank_for_energy(values, 0.95) == 4u);
    BOOST_TEST(agop_rank_for_energy(values, 0.5) == 1u);
    BOOST_TEST(agop_rank_for_energy(values, 1.0) == 6u);
    BOOST_TEST(agop_top_k(diagonal_matrix({0.5f, 10.0f, 1.0f, 3.0f, 0.5f, 5.0f}), {}).rank == 4u);
}

BOOST_AUTO_TEST_CASE(truncated_agop_has_rank_k) {
    const Tensor m = random_psd(8, 12, 2);
    for (std::size_t k : {1u, 3u, 8u}) {
        AgopTruncation truncation;
        truncation.rank = k;
        const TruncatedAgop truncated = agop_top_k(m, truncation);
        BOOST_TEST(truncated.rank == k);
        const AgopEigenpairs pairs = agop_eigenpairs(truncated.matrix);
        for (std::size_t i = 0; i < 8; ++i) {
            if (i < k)
                BOOST_TEST(pairs.values[i] > 1e-3 * pairs.values[0]);
            else
                BOOST_TEST(std::abs(pairs.values[i]) < 1e-5 * pairs.values[0]);
        }
    }
}

BOOST_AUTO_TEST_CASE(agop_ixg_with_full_rank_is_input_times_agop_times_gradient) {
    const ExplainedModel model = mlp_model(20, 64, 3, 5);
    const Tensor training = normal_inputs({64, 20}, 6);
    AgopSettings settings;
    settings.matrix = agop_by_jacobians(model, training);
    settings.truncation.rank = 20;
    const Tensor x = normal_inputs({5, 20}, 7);
    const std::vector<int> targets{0, 1, 2, 1, 0};
    const Tensor g = vanilla_gradient(model, x, targets);
    Tensor expected = xt::zeros<float>({5, 20});
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t a = 0; a < 20; ++a) {
            double mg = 0.0;
            for (std::size_t b = 0; b < 20; ++b) mg += settings.matrix(a, b) * g(i, b);
            expected(i, a) = static_cast<float>(x(i, a) * mg);
        }
    const Tensor a = agop_ixg(model, x, targets, settings);
    double scale = 0.0;
    for (float v : expected) scale = std::max(scale, std::abs(static_cast<double>(v)));
    BOOST_TEST(max_abs_difference(a, expected) < 1e-4 * scale);
    const Tensor filtered = agop_filtered_gradient(model, x, targets, settings);
    BOOST_TEST(std::abs(filtered(2, 3) * x(2, 3) - a(2, 3)) < 1e-4 * scale);
}

BOOST_AUTO_TEST_CASE(a_filter_computed_once_gives_the_bits_of_the_filter_computed_per_call) {
    const ExplainedModel model = mlp_model(20, 64, 3, 5);
    AgopSettings settings;
    settings.matrix = agop_by_jacobians(model, normal_inputs({64, 20}, 6));
    settings.truncation.energy = 0.9;
    const Tensor x = normal_inputs({5, 20}, 7);
    const std::vector<int> targets{0, 1, 2, 1, 0};
    const Tensor per_call = agop_ixg(model, x, targets, settings);
    settings.filter = agop_top_k(settings.matrix, settings.truncation, "matrix");
    BOOST_TEST(bit_identical(agop_ixg(model, x, targets, settings), per_call));
    // The given filter is the one used: another K gives other values.
    settings.filter = agop_top_k(settings.matrix, {0.0, 1}, "matrix");
    BOOST_TEST(!bit_identical(agop_ixg(model, x, targets, settings), per_call));
}

BOOST_AUTO_TEST_CASE(agop_global_puts_all_mass_on_the_only_pixel_the_model_sees) {
    const std::size_t pixel = 5;
    const ExplainedModel model = single_element_model(16, pixel, 3);
    const Tensor images = normal_inputs({20, 1, 4, 4}, 8);
    AgopSettings settings;
    settings.matrix = agop_by_jacobians(model, images);
    const Tensor global = agop_global(normal_inputs({2, 1, 4, 4}, 9), settings);
    for (std::size_t i = 0; i < 2; ++i) {
        BOOST_TEST(global.data()[i * 16 + pixel] > 0.0f);
        BOOST_TEST(std::abs(row_sum(global, i) - global.data()[i * 16 + pixel]) < 1e-12);
    }
    const Tensor weighted = agop_weighted(model, images, std::vector<int>(20, 1), settings);
    for (std::size_t j = 0; j < 16; ++j)
        if (j != pixel) BOOST_TEST(weighted.data()[j] == 0.0f);
    BOOST_TEST(weighted.data()[pixel] == vanilla_gradient(model, images, std::vector<int>(20, 1)).data()[pixel]);
}

BOOST_AUTO_TEST_CASE(agop_global_accepts_the_diagonal_with_the_sample_shape) {
    AgopSettings settings;
    settings.matrix = normal_inputs({1, 2, 2}, 3);
    const Tensor global = agop_global(xt::zeros<float>({3, 1, 2, 2}), settings);
    BOOST_TEST(global(2, 0, 1, 1) == settings.matrix(0, 1, 1));
}

BOOST_AUTO_TEST_CASE(missing_or_misshapen_agop_matrix_names_the_setting) {
    const ExplainedModel model = mlp_model(20, 8, 3, 5);
    const Tensor x = normal_inputs({2, 20}, 7);
    auto names_setting = [](const Error& e) {
        return std::string(e.what()).find("settings.agop.matrix") != std::string::npos;
    };
    AgopSettings settings;
    BOOST_CHECK_EXCEPTION(agop_ixg(model, x, {0, 1}, settings), Error, names_setting);
    BOOST_CHECK_EXCEPTION(agop_weighted(model, x, {0, 1}, settings), Error, names_setting);
    BOOST_CHECK_EXCEPTION(agop_global(x, settings), Error, names_setting);
    settings.matrix = random_psd(19, 20, 1);
    BOOST_CHECK_EXCEPTION(agop_ixg(model, x, {0, 1}, settings), Error, names_setting);
    settings.matrix = Tensor{{1.0f, 2.0f}, {0.0f, 1.0f}};
    BOOST_CHECK_THROW(agop_eigenpairs(settings.matrix), Error);
}

BOOST_AUTO_TEST_SUITE_END()
