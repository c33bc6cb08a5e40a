#include "eval/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "autodiff/error.hpp"

namespace agop {

std::vector<double> average_ranks(const std::vector<double>& values) {
    const std::size_t n = values.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(n);
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start + 1;
        while (end < n && values[order[end]] == values[order[start]]) ++end;
        // Positions start..end-1 hold one tie group: ranks start+1..end, whose mean is below.
        const double shared_rank = 0.5 * static_cast<double>(start + 1 + end);
        for (std::size_t p = start; p < end; ++p) ranks[order[p]] = shared_rank;
        start = end;
    }
    return ranks;
}

std::vector<std::size_t> indices_of_largest(const std::vector<double>& values, std::size_t k) {
    if (k > values.size())
        throw Error("indices_of_largest: k = " + std::to_string(k) + " exceeds the number of values " +
                    std::to_string(values.size()));
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // A total order (value descending, then index ascending) makes partial_sort deterministic.
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::size_t a, std::size_t b) {
                          return values[a] > values[b] || (values[a] == values[b] && a < b);
                      });
    order.resize(k);
    return order;
}

double expected_members_in_top_k(const std::vector<double>& values, std::size_t k, const std::vector<char>& members) {
    if (k == 0) return 0.0;
    const auto top = indices_of_largest(values, k);
    const double boundary = values[top.back()];
    std::size_t above = 0, members_above = 0, tied = 0, members_tied = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] > boundary) {
            ++above;
            members_above += members[i] != 0;
        } else if (values[i] == boundary) {
            ++tied;
            members_tied += members[i] != 0;
        }
    }
    const double slots = static_cast<double>(k - above);
    return static_cast<double>(members_above) + slots * static_cast<double>(members_tied) / static_cast<double>(tied);
}

std::size_t count_members(const std::vector<std::size_t>& indices, const std::vector<char>& members) {
    std::size_t n = 0;
    for (std::size_t i : indices) n += members[i] != 0;
    return n;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    double mean_x = 0.0, mean_y = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mean_x += x[i];
        mean_y += y[i];
    }
    mean_x /= n;
    mean_y /= n;
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mean_x) * (y[i] - mean_y);
        sxx += (x[i] - mean_x) * (x[i] - mean_x);
        syy += (y[i] - mean_y) * (y[i] - mean_y);
    }
    return sxx == 0.0 || syy == 0.0 ? 0.0 : sxy / std::sqrt(sxx * syy);
}

}  // namespace agop
