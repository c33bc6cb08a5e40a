// The exact transport solver against closed forms and brute force, and the XAI-TRIS EMD score.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <vector>

#include "autodiff/rng.hpp"
#include "eval/earth_movers_distance.hpp"
#include "support/expect_error.hpp"

using namespace agop;
namespace tt = boost::test_tools;

namespace {

Tensor one_hot_map(std::size_t height, std::size_t width, std::initializer_list<std::pair<std::size_t, std::size_t>> pixels,
                   std::initializer_list<float> values) {
    Tensor map = filled({height, width}, 0.0f);
    auto value = values.begin();
    for (const auto& [row, column] : pixels) map(row, column) = *value++;
    return map;
}

// Random masses on the positions 0..n-1 of a line, normalised to sum 1.
std::vector<double> random_masses(Rng& rng, std::size_t n) {
    std::vector<double> masses(n);
    double total = 0.0;
    for (auto& m : masses) total += (m = rng.uniform() < 0.3 ? 0.0 : rng.uniform());
    if (total == 0.0) masses[0] = total = 1.0;
    for (auto& m : masses) m /= total;
    return masses;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(emd)

BOOST_AUTO_TEST_CASE(identical_distributions_cost_nothing) {
    const Tensor mask = one_hot_map(8, 8, {{1, 1}, {2, 1}, {2, 2}, {3, 1}}, {1, 1, 1, 1});
    BOOST_TEST(emd_score(mask * 0.25f, mask) == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(emd_score(mask * -3.0f, mask) == 1.0, tt::tolerance(1e-12));  // |a| is normalised
}

BOOST_AUTO_TEST_CASE(point_mass_moved_by_three_four_costs_five) {
    const Tensor mask = one_hot_map(8, 8, {{0, 0}}, {1});
    const Tensor map = one_hot_map(8, 8, {{3, 4}}, {2});
    BOOST_TEST(emd_score(map, mask) == 1.0 - 5.0 / std::sqrt(128.0), tt::tolerance(1e-12));
    BOOST_TEST(emd_score(map, mask, EmdNormaliser::max_pixel_distance) == 1.0 - 5.0 / std::sqrt(98.0),
               tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(two_point_cases_solved_by_hand) {
    // Halves at columns 0 and 5 go to columns 1 and 4 without crossing: 0.5 + 0.5 = 1.
    BOOST_TEST(earth_movers_distance({0.5, 0.5}, {0.5, 0.5}, {1, 4, 4, 1}) == 1.0, tt::tolerance(1e-12));
    // G = {(0,0), (0,2)}; map 0.75 at (0,1), 0.25 at (2,0). Best: (0,0) sends 0.25 to (2,0)
    // (cost 2) and 0.25 to (0,1); (0,2) sends 0.5 to (0,1): 0.5 + 0.25 + 0.5 = 1.25
    // (the alternative through sqrt(8) costs 1.457).
    const Tensor mask = one_hot_map(3, 3, {{0, 0}, {0, 2}}, {1, 1});
    const Tensor map = one_hot_map(3, 3, {{0, 1}, {2, 0}}, {3, 1});
    BOOST_TEST(emd_score(map, mask) == 1.0 - 1.25 / std::sqrt(18.0), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(on_a_line_emd_is_the_l1_distance_of_the_cumulative_distributions) {
    Rng rng(3);
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t m = 2 + rng.uniform_index(14);
        const std::vector<double> a = random_masses(rng, m), b = random_masses(rng, m);
        std::vector<double> cost(m * m);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < m; ++j) cost[i * m + j] = std::abs(double(i) - double(j));
        double closed_form = 0.0, cdf_a = 0.0, cdf_b = 0.0;
        for (std::size_t k = 0; k + 1 < m; ++k) closed_form += std::abs((cdf_a += a[k]) - (cdf_b += b[k]));
        BOOST_TEST(earth_movers_distance(a, b, cost) == closed_form, tt::tolerance(1e-9));
    }
}

BOOST_AUTO_TEST_CASE(equal_point_masses_match_the_best_permutation) {
    // With k points of mass 1/k on each side the optimum is an assignment (Birkhoff), so
    // brute force over all k! matchings is an independent check in two dimensions.
    Rng rng(5);
    for (int trial = 0; trial < 100; ++trial) {
        const std::size_t k = 5;
        std::vector<double> cost(k * k);
        for (auto& c : cost) {
            const double dr = double(rng.uniform_index(8)) - double(rng.uniform_index(8));
            const double dc = double(rng.uniform_index(8)) - double(rng.uniform_index(8));
            c = std::sqrt(dr * dr + dc * dc);
        }
        std::vector<std::size_t> matching(k);
        std::iota(matching.begin(), matching.end(), std::size_t{0});
        double best = 1e300;
        do {
            double total = 0.0;
            for (std::size_t i = 0; i < k; ++i) total += cost[i * k + matching[i]] / double(k);
            best = std::min(best, total);
        } while (std::next_permutation(matching.begin(), matching.end()));
        const std::vector<double> uniform(k, 1.0 / double(k));
        BOOST_TEST(earth_movers_distance(uniform, uniform, cost) == best, tt::tolerance(1e-9));
    }
}

BOOST_AUTO_TEST_CASE(dense_eight_by_eight_problem_is_fast_and_consistent) {
    // 64 sources x 64 sinks: every pixel carries mass on both sides.
    Rng rng(8);
    Tensor map = rng.uniform_tensor({8, 8}, 0.1, 1.0), mask = filled({8, 8}, 1.0f);
    const auto start = std::chrono::steady_clock::now();
    const double score = emd_score(map, mask);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE("emd_score on a dense 8x8 map (64 x 64 transport) took " << seconds * 1e3 << " ms");
    BOOST_TEST(score < 1.0);
    BOOST_TEST(score > 1.0 - 1.0 / std::sqrt(128.0));  // nothing needs to move further than 1 on average here
    // Swapping the roles of the two distributions gives the same cost (symmetric ground cost).
    std::vector<double> a(64), b(64), cost(64 * 64);
    double total = 0.0;
    for (std::size_t p = 0; p < 64; ++p) total += map.data()[p];
    for (std::size_t p = 0; p < 64; ++p) {
        a[p] = 1.0 / 64.0;
        b[p] = map.data()[p] / total;
        for (std::size_t q = 0; q < 64; ++q)
            cost[p * 64 + q] = std::hypot(double(p / 8) - double(q / 8), double(p % 8) - double(q % 8));
    }
    const double forward = earth_movers_distance(a, b, cost), backward = earth_movers_distance(b, a, cost);
    BOOST_TEST(forward == backward, tt::tolerance(1e-9));
    BOOST_TEST(1.0 - forward / std::sqrt(128.0) == score, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(all_zero_map_reads_as_uniform) {
    const Tensor mask = filled({2, 2}, 1.0f);
    BOOST_TEST(emd_score(filled({2, 2}, 0.0f), mask) == 1.0, tt::tolerance(1e-12));
    const SampleMean m = mean_emd_score(Tensor{{{1, 0}, {0, 0}}, {{0, 0}, {0, 0}}}, Tensor{{1, 0}, {0, 0}});
    // Second sample: 1/4 stays, 1/4 moves 1 twice, 1/4 moves sqrt(2): EMD = 0.5 + sqrt(2) / 4.
    BOOST_TEST(m.per_sample[0] == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(m.per_sample[1] == 1.0 - (0.5 + std::sqrt(2.0) / 4.0) / std::sqrt(8.0), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bad_inputs_are_rejected_with_sizes) {
    expect_error_mentioning([] { earth_movers_distance({1.0}, {0.5, 0.5}, {1, 2, 3}); },
                            {"earth_movers_distance", "m = 1", "n = 2", "3 costs"});
    expect_error_mentioning([] { earth_movers_distance({1.0}, {0.5, 0.25}, {1, 2}); },
                            {"earth_movers_distance", "same total"});
    expect_error_mentioning([] { earth_movers_distance({1.0}, {1.5, -0.5}, {1, 2}); },
                            {"earth_movers_distance", "demand", ">= 0"});
    expect_error_mentioning([] { earth_movers_distance({1.0}, {1.0}, {-1}); }, {"earth_movers_distance", "cost"});
    expect_error_mentioning([] { emd_score(filled({2, 2}, 1.0f), filled({2, 2}, 0.0f)); },
                            {"emd_score", "at least one", "(2, 2)"});
    expect_error_mentioning([] { emd_score(filled({4}, 1.0f), filled({4}, 1.0f)); }, {"emd_score", "(4)"});
    expect_error_mentioning([] { emd_score(filled({2, 2}, 1.0f), filled({2, 3}, 1.0f)); },
                            {"emd_score", "(2, 2)", "(2, 3)"});
}

BOOST_AUTO_TEST_SUITE_END()
