// The transportation simplex against closed forms and brute force: on a line the optimal cost is
// the area between the two cumulative distributions; with uniform masses on equally many sources
// and sinks an optimal plan is a permutation, found by trying them all.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <numeric>

#include "autodiff/rng.hpp"
#include "eval/transportation_simplex.hpp"

using namespace agop;
namespace tt = boost::test_tools;

namespace {

std::vector<double> random_masses(Rng& rng, std::size_t n, bool with_zeros) {
    std::vector<double> masses(n);
    for (auto& m : masses) m = with_zeros && rng.uniform() < 0.4 ? 0.0 : std::floor(4 * rng.uniform()) + 1.0;
    if (std::accumulate(masses.begin(), masses.end(), 0.0) == 0.0) masses[0] = 1.0;
    const double total = std::accumulate(masses.begin(), masses.end(), 0.0);
    for (auto& m : masses) m /= total;
    return masses;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transportation_simplex)

BOOST_AUTO_TEST_CASE(on_a_line_the_cost_is_the_area_between_the_cumulative_masses) {
    Rng rng(3);
    for (int trial = 0; trial < 50; ++trial) {
        // Integer-valued masses, many ties: degenerate bases on purpose.
        const std::vector<double> a = random_masses(rng, 9, trial % 2 == 0), b = random_masses(rng, 12, true);
        std::vector<double> cost(a.size() * b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            for (std::size_t j = 0; j < b.size(); ++j) cost[i * b.size() + j] = std::abs(double(i) - double(j));
        double closed_form = 0.0, cumulative_a = 0.0, cumulative_b = 0.0;
        for (std::size_t x = 0; x + 1 < b.size(); ++x) {
            cumulative_a += x < a.size() ? a[x] : 0.0;
            cumulative_b += b[x];
            closed_form += std::abs(cumulative_a - cumulative_b);
        }
        const auto simplex = transportation_simplex_cost(a, b, cost, 10000);
        BOOST_REQUIRE(simplex.has_value());
        BOOST_TEST(*simplex == closed_form, tt::tolerance(1e-12));
    }
}

BOOST_AUTO_TEST_CASE(uniform_masses_on_a_square_grid_cost_the_best_permutation) {
    Rng rng(5);
    for (int trial = 0; trial < 20; ++trial) {
        const std::size_t n = 6;
        // Sources (c_i, c_{n+i}) and sinks (c_{2n+j}, c_{3n+j}) on an 8x8 grid: equal distances abound.
        std::vector<double> c(4 * n), cost(n * n);
        for (auto& v : c) v = std::floor(8 * rng.uniform());
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                cost[i * n + j] = std::hypot(c[i] - c[2 * n + j], c[n + i] - c[3 * n + j]);
        std::vector<std::size_t> permutation(n);
        std::iota(permutation.begin(), permutation.end(), 0);
        double best = INFINITY;
        do {
            double total = 0.0;
            for (std::size_t i = 0; i < n; ++i) total += cost[i * n + permutation[i]] / n;
            best = std::min(best, total);
        } while (std::next_permutation(permutation.begin(), permutation.end()));
        const std::vector<double> uniform(n, 1.0 / n);
        const auto simplex = transportation_simplex_cost(uniform, uniform, cost, 10000);
        BOOST_REQUIRE(simplex.has_value());
        BOOST_TEST(*simplex == best, tt::tolerance(1e-12));
    }
}

BOOST_AUTO_TEST_CASE(too_few_pivots_leave_the_problem_to_the_caller) {
    // The least-cost start puts everything on the diagonal's cheap cells, which is not optimal here.
    const std::vector<double> supply{0.5, 0.5}, demand{0.5, 0.5};
    const std::vector<double> cost{0.0, 1.0, 0.1, 10.0};
    const auto optimum = transportation_simplex_cost(supply, demand, cost, 100);
    BOOST_REQUIRE(optimum.has_value());
    BOOST_TEST(*optimum == 0.5 * 1.0 + 0.5 * 0.1, tt::tolerance(1e-12));
    BOOST_TEST(!transportation_simplex_cost(supply, demand, cost, 0).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
