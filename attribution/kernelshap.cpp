#include "attribution/kernelshap.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <numeric>
#include <optional>

#include "attribution/batch_rows.hpp"
#include "attribution/coalitions.hpp"
#include "attribution/feature_groups.hpp"
#include "attribution/kernelshap_dense_forward.hpp"
#include "attribution/linear_solve.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"

namespace agop {

namespace {

// shap's KernelExplainer.solve without its optional l1 feature selection: the last player
// is eliminated through the efficiency constraint, and the weighted normal equations of
// the other M - 1 are solved. coalition_values (S) are v(z); delta = v(all) - v(none).
bool shapley_by_weighted_least_squares(const Coalitions& c, const std::vector<double>& coalition_values,
                                       double null_value, double delta, std::vector<double>& phi) {
    const std::size_t m = c.players, k = m - 1;
    std::vector<double> a(k * k, 0.0), rhs(k, 0.0), x(k);
    std::vector<double> row(k);
    for (std::size_t s = 0; s < c.count(); ++s) {
        const std::uint8_t* z = c.members.data() + s * m;
        const double last = z[m - 1];
        const double target = coalition_values[s] - null_value - last * delta;
        for (std::size_t j = 0; j < k; ++j) row[j] = z[j] - last;
        const double w = c.weights[s];
        for (std::size_t i = 0; i < k; ++i) {
            if (row[i] == 0.0) continue;
            rhs[i] += w * row[i] * target;
            for (std::size_t j = 0; j < k; ++j) a[i * k + j] += w * row[i] * row[j];
        }
    }
    if (!solve_linear_system(std::move(a), std::move(rhs), k, x)) return false;
    phi.assign(m, 0.0);
    double assigned = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
        phi[j] = x[j];
        assigned += x[j];
    }
    phi[m - 1] = delta - assigned;
    return true;
}

// dst[j] = x[j] where keep[j] is all ones, b[j] where it is zero, bit for bit: a select by
// mask that the compiler vectorises (a branch per element cost a sixth of KernelSHAP's time).
void blend_row(const std::uint32_t* keep, const float* x, const float* b, float* dst, std::size_t size) {
    for (std::size_t j = 0; j < size; ++j) {
        std::uint32_t from_x, from_b;
        std::memcpy(&from_x, x + j, sizeof from_x);
        std::memcpy(&from_b, b + j, sizeof from_b);
        const std::uint32_t blended = (from_x & keep[j]) | (from_b & ~keep[j]);
        std::memcpy(dst + j, &blended, sizeof blended);
    }
}

// What the coalition rows are made of: row (S, b) of sample i is inputs[i] on S's columns
// and background[b] elsewhere.
struct CoalitionRows {
    const float* inputs;      // (N, size)
    const float* background;  // (b_rows, size)
    std::size_t b_rows, size;
    const std::vector<std::size_t>& player_of;  // (size)

    // keep (size) = all ones on the columns of the players in z, zero elsewhere.
    void expand(const std::uint8_t* z, std::uint32_t* keep) const {
        for (std::size_t j = 0; j < size; ++j) keep[j] = z[player_of[j]] ? ~0u : 0u;
    }
};

using CoalitionsOf = std::function<const Coalitions&(std::size_t)>;

// v(S) = (1/B) Σ_b f_target(row (S, b)) of samples [first, last), each (coalitions): the
// rows through the model's tape, in pieces of max_batch_rows.
std::vector<std::vector<double>> coalition_values_by_tape(const ExplainedModel& model, const Shape& shape,
                                                          const CoalitionRows& rows, std::size_t first,
                                                          std::size_t last, const CoalitionsOf& coalitions_of,
                                                          const std::vector<int>& targets, const std::string& method) {
    const std::size_t b_rows = rows.b_rows, size = rows.size;
    std::vector<std::size_t> offsets{0};
    for (std::size_t i = first; i < last; ++i) offsets.push_back(offsets.back() + coalitions_of(i).count() * b_rows);
    auto locate = [&](std::size_t r) {
        const std::size_t local = std::upper_bound(offsets.begin(), offsets.end(), r) - offsets.begin() - 1;
        return std::make_pair(local, r - offsets[local]);
    };
    const std::vector<float> values = target_logits_of_generated_rows(
        model, Shape(shape.begin() + 1, shape.end()), offsets.back(),
        [&](std::size_t first_row, std::size_t count, float* dst) {
            // Rows come coalition by coalition (b_rows consecutive rows share one): its
            // column mask is expanded once.
            std::vector<std::uint32_t> keep(size);
            const std::uint8_t* expanded = nullptr;
            for (std::size_t r = first_row; r < first_row + count; ++r, dst += size) {
                const auto [local, within] = locate(r);
                const std::size_t sample = first + local;
                const Coalitions& c = coalitions_of(sample);
                const std::uint8_t* z = c.members.data() + (within / b_rows) * c.players;
                if (z != expanded) rows.expand(z, keep.data());
                expanded = z;
                blend_row(keep.data(), rows.inputs + sample * size, rows.background + (within % b_rows) * size, dst,
                          size);
            }
        },
        [&](std::size_t r) { return targets[first + locate(r).first]; }, method);
    std::vector<std::vector<double>> means(last - first);
    for (std::size_t local = 0; local < last - first; ++local) {
        means[local].assign(coalitions_of(first + local).count(), 0.0);
        for (std::size_t s = 0; s < means[local].size(); ++s) {
            const float* v = values.data() + offsets[local] + s * b_rows;
            double total = 0.0;
            for (std::size_t b = 0; b < b_rows; ++b) total += v[b];
            means[local][s] = total / static_cast<double>(b_rows);
        }
    }
    return means;
}

// The same values through DenseForward: one coalition's B rows built and evaluated at a
// time, coalitions side by side on the threads.
std::vector<std::vector<double>> coalition_values_dense(const DenseForward& forward, const CoalitionRows& rows,
                                                        std::size_t first, std::size_t last,
                                                        const CoalitionsOf& coalitions_of,
                                                        const std::vector<int>& targets) {
    const std::size_t b_rows = rows.b_rows, size = rows.size;
    std::vector<std::vector<double>> means(last - first);
    std::vector<std::pair<std::size_t, std::size_t>> jobs;  // (local sample, coalition)
    for (std::size_t local = 0; local < last - first; ++local) {
        means[local].assign(coalitions_of(first + local).count(), 0.0);
        for (std::size_t s = 0; s < means[local].size(); ++s) jobs.emplace_back(local, s);
    }
    // A second thread only for regions of at least 2^18 multiply-adds each (as the small
    // convolutions): a test's few coalitions run on one.
    const double work = static_cast<double>(jobs.size()) * b_rows * forward.multiply_adds_per_row();
#pragma omp parallel num_threads(threads_for(work, 1 << 18))
    {
        std::vector<std::uint32_t> keep(size);
        std::vector<float> block(b_rows * size), values(b_rows);
#pragma omp for schedule(dynamic, 64)
        for (std::ptrdiff_t job = 0; job < static_cast<std::ptrdiff_t>(jobs.size()); ++job) {
            const auto [local, s] = jobs[job];
            const std::size_t sample = first + local;
            const Coalitions& c = coalitions_of(sample);
            rows.expand(c.members.data() + s * c.players, keep.data());
            for (std::size_t b = 0; b < b_rows; ++b)
                blend_row(keep.data(), rows.inputs + sample * size, rows.background + b * size, block.data() + b * size,
                          size);
            forward.target_logits(block.data(), b_rows, static_cast<std::size_t>(targets[sample]), values.data());
            double total = 0.0;
            for (std::size_t b = 0; b < b_rows; ++b) total += values[b];
            means[local][s] = total / static_cast<double>(b_rows);
        }
    }
    return means;
}

}  // namespace

Tensor kernelshap(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                  const KernelShapSettings& settings) {
    const std::string method = "kernelshap";
    const std::size_t b_rows = check_batch_targets_and_background(method, model, inputs, targets, settings.background);
    const Shape shape = shape_of(inputs);
    const std::size_t n = shape[0], size = row_size(shape);
    std::vector<std::size_t> player_of(size);
    std::iota(player_of.begin(), player_of.end(), 0);
    if (!settings.groups.empty()) player_of = settings.groups;
    const std::size_t players = group_count("kernelshap: settings.groups", player_of, size);
    std::vector<std::size_t> columns_of_player(players, 0);
    for (std::size_t p : player_of) ++columns_of_player[p];

    const Tensor fx = predict_logits(model, inputs), fb = predict_logits(model, settings.background);
    const std::size_t classes = fx.shape()[1];
    std::vector<double> null_value(classes, 0.0);
    for (std::size_t b = 0; b < b_rows; ++b)
        for (std::size_t c = 0; c < classes; ++c) null_value[c] += fb.data()[b * classes + c] / static_cast<double>(b_rows);

    Tensor attributions = Tensor::from_shape(shape);
    auto write_player_values = [&](std::size_t sample, const std::vector<double>& phi) {
        float* a = attributions.data() + sample * size;
        for (std::size_t j = 0; j < size; ++j)
            a[j] = static_cast<float>(phi[player_of[j]] / static_cast<double>(columns_of_player[player_of[j]]));
    };
    if (players == 1) {
        for (std::size_t i = 0; i < n; ++i)
            write_player_values(i, {fx.data()[i * classes + targets[i]] - null_value[targets[i]]});
        return attributions;
    }

    // One coalition set for all samples when enumerating, one per sample when sampling.
    const bool exact = players <= settings.exact_max_players;
    const std::size_t budget = settings.budget > 0 ? settings.budget : 2 * players + 2048;
    std::vector<Coalitions> coalitions(exact ? 1 : n);
    if (exact) {
        coalitions[0] = all_coalitions(players);
    } else {
#pragma omp parallel for schedule(dynamic)
        for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
            Rng rng = Rng::stream(settings.seed, settings.first_row + static_cast<std::uint64_t>(i));
            coalitions[i] = sampled_coalitions(players, budget, rng);
        }
    }
    auto coalitions_of = [&](std::size_t i) -> const Coalitions& { return coalitions[exact ? 0 : i]; };

    // Samples go to the model in groups of about max_batch_rows x 8 rows (coalition x background).
    const CoalitionRows rows{inputs.data(), settings.background.data(), b_rows, size, player_of};
    std::optional<DenseForward> dense;
    if (dense_forward_pays(model)) dense.emplace(model.dense_layers(), SimdLevel::avx512);
    std::size_t first = 0;
    while (first < n) {
        std::size_t last = first, group_rows = 0;
        while (last < n && (last == first || group_rows < 8 * model.max_batch_rows))
            group_rows += coalitions_of(last++).count() * b_rows;
        const std::vector<std::vector<double>> values =
            dense ? coalition_values_dense(*dense, rows, first, last, coalitions_of, targets)
                  : coalition_values_by_tape(model, shape, rows, first, last, coalitions_of, targets, method);

        std::vector<char> solved(last - first, 1);
#pragma omp parallel for schedule(dynamic)
        for (std::ptrdiff_t local = 0; local < static_cast<std::ptrdiff_t>(last - first); ++local) {
            const std::size_t sample = first + local;
            const int target = targets[sample];
            const double delta = fx.data()[sample * classes + target] - null_value[target];
            std::vector<double> phi;
            solved[local] =
                shapley_by_weighted_least_squares(coalitions_of(sample), values[local], null_value[target], delta, phi);
            if (solved[local]) write_player_values(sample, phi);
        }
        for (std::size_t local = 0; local < last - first; ++local)
            if (!solved[local])
                throw Error("kernelshap: the weighted least-squares system of sample " + std::to_string(first + local) +
                            " is singular; raise settings.budget (now " + std::to_string(budget) + " coalitions)");
        first = last;
    }
    return attributions;
}

}  // namespace agop
