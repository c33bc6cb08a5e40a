#include "eval/earth_movers_distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "eval/map_values.hpp"
#include "eval/transportation_simplex.hpp"

namespace agop {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double checked_total(const std::vector<double>& masses, const char* name) {
    double total = 0.0;
    for (double m : masses) {
        if (!(m >= 0.0)) throw Error(std::string("earth_movers_distance: every ") + name + " mass must be >= 0");
        total += m;
    }
    return total;
}

// Min-cost flow on the bipartite graph S -> source i -> sink j -> T. Nodes: sources 0..m-1,
// sinks m..m+n-1, then S and T. Each round finds the cheapest S-T path in the residual graph
// (forward edges i->j of cost c_ij, backward edges j->i of cost -c_ij where flow is
// positive) by dense O(V²) Dijkstra on reduced costs c + pot[u] − pot[v] >= 0, and pushes
// as much as the path allows. Dense Dijkstra beats a heap here: the graph is complete.
class TransportSolver {
  public:
    TransportSolver(std::vector<double> supply, std::vector<double> demand, const std::vector<double>& cost,
                    double tolerance)
        : m_(supply.size()), n_(demand.size()), supply_left_(std::move(supply)), demand_left_(std::move(demand)),
          cost_(cost), flow_(m_ * n_, 0.0), potential_(m_ + n_ + 2, 0.0), tolerance_(tolerance) {}

    double solve() {
        // Each round saturates a source, a sink or a backward edge; the bound is generous.
        const std::size_t max_rounds = 4 * (m_ + n_) * (m_ + n_) + 16;
        for (std::size_t round = 0; shortest_paths(); ++round) {
            if (round == max_rounds) throw Error("earth_movers_distance: the solver did not converge");
            augment();
        }
        double total = 0.0;
        for (std::size_t e = 0; e < flow_.size(); ++e)
            if (flow_[e] > 0.0) total += flow_[e] * cost_[e];
        return total;
    }

  private:
    std::size_t source_node() const { return m_ + n_; }
    std::size_t sink_node() const { return m_ + n_ + 1; }

    void relax(std::size_t u, std::size_t v, double edge_cost) {
        const double candidate = distance_[u] + edge_cost + potential_[u] - potential_[v];
        if (!settled_[v] && candidate < distance_[v]) {
            distance_[v] = candidate;
            previous_[v] = u;
        }
    }

    // Finds the cheapest S-T path; false once no source has supply or no sink demand left
    // (the totals agree up to rounding, so either side running out means all is moved).
    bool shortest_paths() {
        const std::size_t nodes = m_ + n_ + 2, s = source_node(), t = sink_node();
        distance_.assign(nodes, kInfinity);
        settled_.assign(nodes, 0);
        previous_.assign(nodes, nodes);
        distance_[s] = 0.0;
        for (;;) {
            std::size_t u = nodes;
            for (std::size_t v = 0; v < nodes; ++v)
                if (!settled_[v] && distance_[v] < kInfinity && (u == nodes || distance_[v] < distance_[u])) u = v;
            if (u == nodes || u == t) break;
            settled_[u] = 1;
            if (u == s) {
                for (std::size_t i = 0; i < m_; ++i)
                    if (supply_left_[i] > tolerance_) relax(s, i, 0.0);
            } else if (u < m_) {
                const double* row = cost_.data() + u * n_;
                for (std::size_t j = 0; j < n_; ++j) relax(u, m_ + j, row[j]);
            } else {
                const std::size_t j = u - m_;
                if (demand_left_[j] > tolerance_) relax(u, t, 0.0);
                for (std::size_t i = 0; i < m_; ++i)
                    if (flow_[i * n_ + j] > 0.0) relax(u, i, -cost_[i * n_ + j]);
            }
        }
        if (!(distance_[t] < kInfinity)) return false;
        // Capping at dist(T) keeps reduced costs non-negative for nodes not settled this round.
        for (std::size_t v = 0; v < nodes; ++v) potential_[v] += std::min(distance_[v], distance_[t]);
        return true;
    }

    void augment() {
        const std::size_t s = source_node(), t = sink_node();
        const std::size_t last_sink = previous_[t] - m_;
        double amount = demand_left_[last_sink];
        std::size_t v = previous_[t];
        while (previous_[v] != s) {
            const std::size_t u = previous_[v];
            if (u >= m_) amount = std::min(amount, flow_[v * n_ + (u - m_)]);  // backward edge sink u -> source v
            v = u;
        }
        const std::size_t first_source = v;
        amount = std::min(amount, supply_left_[first_source]);
        for (v = previous_[t]; v != first_source;) {
            const std::size_t u = previous_[v];
            if (u < m_)
                flow_[u * n_ + (v - m_)] += amount;
            else
                flow_[v * n_ + (u - m_)] -= amount;
            v = u;
        }
        supply_left_[first_source] -= amount;
        demand_left_[last_sink] -= amount;
    }

    std::size_t m_, n_;
    std::vector<double> supply_left_, demand_left_;
    const std::vector<double>& cost_;
    std::vector<double> flow_, potential_, distance_;
    std::vector<char> settled_;
    std::vector<std::size_t> previous_;
    double tolerance_;
};

}  // namespace

double earth_movers_distance(const std::vector<double>& supply, const std::vector<double>& demand,
                             const std::vector<double>& cost) {
    const std::string op = "earth_movers_distance";
    if (supply.empty() || demand.empty() || cost.size() != supply.size() * demand.size())
        throw Error(op + ": expected supply (m), demand (n) and cost (m, n) with m, n >= 1; got m = " +
                    std::to_string(supply.size()) + ", n = " + std::to_string(demand.size()) +
                    " and " + std::to_string(cost.size()) + " costs");
    for (double c : cost)
        if (!(c >= 0.0)) throw Error(op + ": every cost must be >= 0");
    const double supply_total = checked_total(supply, "supply"), demand_total = checked_total(demand, "demand");
    if (std::abs(supply_total - demand_total) > 1e-9 * std::max(supply_total, demand_total))
        throw Error(op + ": supply and demand must have the same total; got " + std::to_string(supply_total) +
                    " and " + std::to_string(demand_total));
    if (supply_total == 0.0) return 0.0;
    // The simplex first (ten times faster on the image metrics' problems); successive shortest
    // paths, which always terminate, where degenerate pivots keep it from finishing.
    const std::size_t max_pivots = 50 * (supply.size() + demand.size());
    if (const auto cost_of_simplex = transportation_simplex_cost(supply, demand, cost, max_pivots))
        return *cost_of_simplex;
    return TransportSolver(supply, demand, cost, 1e-14 * supply_total).solve();
}

double emd_score(const Tensor& map, const Tensor& mask, EmdNormaliser normaliser) {
    const std::string op = "emd_score";
    if (map.dimension() != 2) throw_shape_error(op, "expected a map (H, W)", shape_of(map));
    require_same_nonempty_shape(op, map, mask);
    const std::vector<char> in_g = members_of(mask);
    require_members(op, in_g, mask);
    const std::size_t height = map.shape()[0], width = map.shape()[1], pixels = height * width;
    std::vector<double> magnitude = magnitudes_of(map);
    double total = 0.0;
    for (double v : magnitude) total += v;
    if (total == 0.0) {
        std::fill(magnitude.begin(), magnitude.end(), 1.0);
        total = static_cast<double>(pixels);
    }

    // Only pixels that carry mass enter the transport problem: |G| sources, non-zero sinks.
    std::vector<std::size_t> sources, sinks;
    for (std::size_t p = 0; p < pixels; ++p) {
        if (in_g[p]) sources.push_back(p);
        if (magnitude[p] > 0.0) sinks.push_back(p);
    }
    std::vector<double> supply(sources.size(), 1.0 / static_cast<double>(sources.size())), demand(sinks.size());
    for (std::size_t j = 0; j < sinks.size(); ++j) demand[j] = magnitude[sinks[j]] / total;
    std::vector<double> cost(sources.size() * sinks.size());
    for (std::size_t i = 0; i < sources.size(); ++i)
        for (std::size_t j = 0; j < sinks.size(); ++j) {
            const double dr = static_cast<double>(sources[i] / width) - static_cast<double>(sinks[j] / width);
            const double dc = static_cast<double>(sources[i] % width) - static_cast<double>(sinks[j] % width);
            cost[i * sinks.size() + j] = std::sqrt(dr * dr + dc * dc);
        }
    const double h = static_cast<double>(height), w = static_cast<double>(width);
    const double scale = normaliser == EmdNormaliser::reference_code ? std::sqrt(2.0 * h * w)
                                                                     : std::sqrt((h - 1) * (h - 1) + (w - 1) * (w - 1));
    if (scale == 0.0) throw_shape_error(op, "a 1x1 map has no distances to normalise by", shape_of(map));
    return 1.0 - earth_movers_distance(supply, demand, cost) / scale;
}

SampleMean mean_emd_score(const Tensor& maps, const Tensor& masks, EmdNormaliser normaliser) {
    return average_over_samples("mean_emd_score", maps, masks,
                                [&](const Tensor& m, const Tensor& g) { return emd_score(m, g, normaliser); });
}

}  // namespace agop
