#include "eval/transportation_simplex.hpp"

#include <algorithm>
#include <limits>

namespace agop {

namespace {

// The basis: flows, which cells are basic, and the tree's adjacency (node i < m a source, m + j a
// sink; each basic cell i * n + j joins nodes i and m + j).
class TransportBasis {
  public:
    TransportBasis(const std::vector<double>& supply, const std::vector<double>& demand,
                   const std::vector<double>& cost)
        : m_(supply.size()),
          n_(demand.size()),
          cost_(cost),
          flow_(m_ * n_, 0.0),
          basic_(m_ * n_, 0),
          adjacency_(m_ + n_),
          u_(m_),
          v_(n_),
          parent_(m_ + n_),
          parent_cell_(m_ + n_) {
        least_cost_start(supply, demand);
    }

    // Duals u, v with u_i + v_j = c_ij on basic cells (u_0 = 0), and the tree rooted at source 0.
    void compute_duals() {
        const std::size_t none = m_ + n_;
        std::vector<char> seen(m_ + n_, 0);
        std::vector<std::size_t> stack{0};
        seen[0] = 1;
        u_[0] = 0.0;
        parent_[0] = none;
        while (!stack.empty()) {
            const std::size_t x = stack.back();
            stack.pop_back();
            for (std::size_t e : adjacency_[x]) {
                const std::size_t i = e / n_, sink = m_ + e % n_, y = x == i ? sink : i;
                if (seen[y]) continue;
                seen[y] = 1;
                parent_[y] = x;
                parent_cell_[y] = e;
                if (y == sink)
                    v_[e % n_] = cost_[e] - u_[i];
                else
                    u_[i] = cost_[e] - v_[e % n_];
                stack.push_back(y);
            }
        }
    }

    // The non-basic cell with the most negative reduced cost below -tolerance; m n when none.
    std::size_t entering_cell(double tolerance) const {
        double best = -tolerance;
        std::size_t entering = m_ * n_;
        for (std::size_t i = 0; i < m_; ++i)
            for (std::size_t j = 0; j < n_; ++j) {
                const std::size_t e = i * n_ + j;
                const double reduced = cost_[e] - u_[i] - v_[j];
                if (!basic_[e] && reduced < best) {
                    best = reduced;
                    entering = e;
                }
            }
        return entering;
    }

    // Adds `entering` to the basis: flow moves round the cycle it closes, and the first cell of
    // the cycle's decreasing ones to reach zero leaves.
    void pivot(std::size_t entering) {
        const std::vector<std::size_t> cycle = cycle_after(entering);  // - + - + ... -
        double theta = std::numeric_limits<double>::infinity();
        std::size_t leaving = entering;
        for (std::size_t k = 0; k < cycle.size(); k += 2)
            if (flow_[cycle[k]] < theta) {
                theta = flow_[cycle[k]];
                leaving = cycle[k];
            }
        for (std::size_t k = 0; k < cycle.size(); ++k) flow_[cycle[k]] += k % 2 == 0 ? -theta : theta;
        flow_[entering] += theta;
        flow_[leaving] = 0.0;
        set_basic(leaving, false);
        set_basic(entering, true);
    }

    double total_cost() const {
        double total = 0.0;
        for (std::size_t e = 0; e < flow_.size(); ++e)
            if (flow_[e] > 0.0) total += flow_[e] * cost_[e];
        return total;
    }

  private:
    // The matrix-minimum rule: cells by increasing cost, each taking what its row and column have
    // left and closing one of them (the row when it is used up), m + n - 1 cells in all.
    void least_cost_start(std::vector<double> supply, std::vector<double> demand) {
        std::vector<std::size_t> order(m_ * n_);
        for (std::size_t e = 0; e < order.size(); ++e) order[e] = e;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost_[a] < cost_[b]; });
        std::vector<char> row_closed(m_, 0), column_closed(n_, 0);
        std::size_t rows_open = m_, columns_open = n_, cells = 0;
        for (std::size_t e : order) {
            const std::size_t i = e / n_, j = e % n_;
            if (row_closed[i] || column_closed[j]) continue;
            const double amount = std::min(supply[i], demand[j]);
            flow_[e] = amount;
            set_basic(e, true);
            supply[i] -= amount;
            demand[j] -= amount;
            if ((supply[i] <= demand[j] && rows_open > 1) || columns_open == 1) {
                row_closed[i] = 1;
                --rows_open;
            } else {
                column_closed[j] = 1;
                --columns_open;
            }
            if (++cells == m_ + n_ - 1) break;
        }
    }

    void set_basic(std::size_t e, bool basic) {
        basic_[e] = basic;
        for (std::size_t node : {e / n_, m_ + e % n_}) {
            auto& cells = adjacency_[node];
            if (basic)
                cells.push_back(e);
            else
                cells.erase(std::find(cells.begin(), cells.end(), e));
        }
    }

    std::size_t depth(std::size_t node) const {
        std::size_t d = 0;
        for (; parent_[node] != m_ + n_; node = parent_[node]) ++d;
        return d;
    }

    // The basic cells of the cycle `entering` closes, from its sink's side round to its source:
    // they alternate losing and gaining flow, the first losing.
    std::vector<std::size_t> cycle_after(std::size_t entering) const {
        std::size_t a = entering / n_, b = m_ + entering % n_, depth_a = depth(a), depth_b = depth(b);
        std::vector<std::size_t> from_source, from_sink;
        for (; depth_a > depth_b; --depth_a, a = parent_[a]) from_source.push_back(parent_cell_[a]);
        for (; depth_b > depth_a; --depth_b, b = parent_[b]) from_sink.push_back(parent_cell_[b]);
        for (; a != b; a = parent_[a], b = parent_[b]) {
            from_source.push_back(parent_cell_[a]);
            from_sink.push_back(parent_cell_[b]);
        }
        from_sink.insert(from_sink.end(), from_source.rbegin(), from_source.rend());
        return from_sink;
    }

    std::size_t m_, n_;
    const std::vector<double>& cost_;
    std::vector<double> flow_;
    std::vector<char> basic_;
    std::vector<std::vector<std::size_t>> adjacency_;
    std::vector<double> u_, v_;
    std::vector<std::size_t> parent_, parent_cell_;
};

}  // namespace

std::optional<double> transportation_simplex_cost(const std::vector<double>& supply, const std::vector<double>& demand,
                                                  const std::vector<double>& cost, std::size_t max_pivots) {
    TransportBasis basis(supply, demand, cost);
    const double tolerance = 1e-12 * std::max(1.0, *std::max_element(cost.begin(), cost.end()));
    for (std::size_t pivots = 0;; ++pivots) {
        basis.compute_duals();
        const std::size_t entering = basis.entering_cell(tolerance);
        if (entering == supply.size() * demand.size()) return basis.total_cost();
        if (pivots == max_pivots) return std::nullopt;
        basis.pivot(entering);
    }
}

}  // namespace agop
