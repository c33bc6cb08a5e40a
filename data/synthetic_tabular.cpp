#include "data/synthetic_tabular.hpp"

#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/stratified_split.hpp"

namespace agop {

namespace {

void check_config(const SyntheticTabularConfig& c) {
    if (c.n_informative == 0 || c.n_informative > c.n_features)
        throw Error("synthetic tabular: n_informative must be in 1..n_features (" + std::to_string(c.n_features) +
                    "); got " + std::to_string(c.n_informative));
    if (c.n_classes < 2) throw Error("synthetic tabular: n_classes must be at least 2; got " + std::to_string(c.n_classes));
    if (c.task == SyntheticTask::interaction && (c.n_interaction_pairs == 0 || 2 * c.n_interaction_pairs > c.n_informative))
        throw Error("synthetic tabular: interaction task needs 1 <= n_interaction_pairs <= n_informative / 2 (" +
                    std::to_string(c.n_informative / 2) + "); got " + std::to_string(c.n_interaction_pairs));
    if (!(c.test_fraction > 0.0 && c.test_fraction < 1.0))
        throw Error("synthetic tabular: test_fraction must be in (0, 1); got " + std::to_string(c.test_fraction));
    if (!(c.label_noise >= 0.0 && c.label_noise <= 1.0))
        throw Error("synthetic tabular: label_noise must be in [0, 1]; got " + std::to_string(c.label_noise));
}

ClassScoreParameters draw_parameters(const SyntheticTabularConfig& c) {
    Rng rng = Rng::stream(c.seed, 0);
    ClassScoreParameters p;
    p.task = c.task;
    p.n_features = c.n_features;
    const double scale = c.task == SyntheticTask::interaction ? c.interaction_linear_scale : 1.0;
    p.linear_weights = filled({c.n_classes, c.n_features}, 0.0f);
    for (std::size_t k = 0; k < c.n_classes; ++k)
        for (std::size_t j = 0; j < c.n_informative; ++j)
            p.linear_weights(k, j) = static_cast<float>(scale * rng.normal());
    if (c.task == SyntheticTask::sparse_nonlinear) {
        p.nonlinearities.assign(c.n_classes * c.n_features, Nonlinearity::sine);
        for (std::size_t k = 0; k < c.n_classes; ++k)
            for (std::size_t j = 0; j < c.n_informative; ++j)
                p.nonlinearities[k * c.n_features + j] = static_cast<Nonlinearity>(rng.uniform_index(4));
    }
    if (c.task == SyntheticTask::interaction) {
        for (std::size_t q = 0; q < c.n_interaction_pairs; ++q) p.pairs.emplace_back(2 * q, 2 * q + 1);
        p.pair_weights = filled({c.n_classes, c.n_interaction_pairs}, 0.0f);
        for (std::size_t k = 0; k < c.n_classes; ++k)
            for (std::size_t q = 0; q < c.n_interaction_pairs; ++q) p.pair_weights(k, q) = static_cast<float>(rng.normal());
    }
    return p;
}

void check_input(const ClassScoreParameters& p, const Tensor& X, const char* op) {
    if (X.dimension() != 2 || X.shape()[1] != p.n_features)
        throw_shape_error(op, "X must be (N, " + std::to_string(p.n_features) + ")", shape_of(X));
}

}  // namespace

std::string synthetic_task_name(SyntheticTask task) {
    switch (task) {
        case SyntheticTask::linear: return "linear";
        case SyntheticTask::sparse_nonlinear: return "sparse_nonlinear";
        case SyntheticTask::interaction: return "interaction";
    }
    throw Error("synthetic_task_name: unknown task");
}

SyntheticTask parse_synthetic_task(const std::string& name) {
    for (SyntheticTask t : {SyntheticTask::linear, SyntheticTask::sparse_nonlinear, SyntheticTask::interaction})
        if (synthetic_task_name(t) == name) return t;
    throw Error("unknown synthetic task '" + name + "'; expected linear, sparse_nonlinear or interaction");
}

double apply_nonlinearity(Nonlinearity h, double x) {
    switch (h) {
        case Nonlinearity::sine: return std::sin(x);
        case Nonlinearity::square: return x * x;
        case Nonlinearity::tanh: return std::tanh(x);
        case Nonlinearity::abs: return std::fabs(x);
    }
    throw Error("apply_nonlinearity: unknown function");
}

double nonlinearity_mean(Nonlinearity h) {
    // sin and tanh are odd: mean 0; E[x^2] = 1; E|x| = sqrt(2/pi).
    switch (h) {
        case Nonlinearity::sine: return 0.0;
        case Nonlinearity::square: return 1.0;
        case Nonlinearity::tanh: return 0.0;
        case Nonlinearity::abs: return std::sqrt(2.0 / 3.14159265358979323846);
    }
    throw Error("nonlinearity_mean: unknown function");
}

Tensor shapley_ground_truth(const ClassScoreParameters& p, const Tensor& X) {
    check_input(p, X, "shapley_ground_truth");
    const std::size_t n = X.shape()[0], d = p.n_features, C = p.linear_weights.shape()[0];
    Tensor phi = filled({n, C, d}, 0.0f);
    const float* x = X.data();
    const float* w = p.linear_weights.data();
    float* out = phi.data();
    for (std::size_t i = 0; i < n; ++i) {
        const float* xi = x + i * d;
        for (std::size_t c = 0; c < C; ++c) {
            float* o = out + (i * C + c) * d;
            for (std::size_t j = 0; j < d; ++j) {
                if (w[c * d + j] == 0.0f) continue;  // noise feature: phi = 0
                const double xj = xi[j];
                if (p.task == SyntheticTask::sparse_nonlinear) {
                    const Nonlinearity h = p.nonlinearities[c * d + j];
                    o[j] = static_cast<float>(w[c * d + j] * (apply_nonlinearity(h, xj) - nonlinearity_mean(h)));
                } else {
                    o[j] = static_cast<float>(w[c * d + j] * xj);
                }
            }
            for (std::size_t q = 0; q < p.pairs.size(); ++q) {
                const auto [a, b] = p.pairs[q];
                // The product's Shapley value splits equally between its two features.
                const double half = 0.5 * p.pair_weights(c, q) * static_cast<double>(xi[a]) * xi[b];
                o[a] = static_cast<float>(o[a] + half);
                o[b] = static_cast<float>(o[b] + half);
            }
        }
    }
    return phi;
}

Tensor class_scores(const ClassScoreParameters& p, const Tensor& X) {
    check_input(p, X, "class_scores");
    const std::size_t n = X.shape()[0], d = p.n_features, C = p.linear_weights.shape()[0];
    Tensor z = filled({n, C}, 0.0f);
    const float* x = X.data();
    const float* w = p.linear_weights.data();
    for (std::size_t i = 0; i < n; ++i) {
        const float* xi = x + i * d;
        for (std::size_t c = 0; c < C; ++c) {
            double sum = 0.0;
            for (std::size_t j = 0; j < d; ++j) {
                if (w[c * d + j] == 0.0f) continue;
                if (p.task == SyntheticTask::sparse_nonlinear) {
                    const Nonlinearity h = p.nonlinearities[c * d + j];
                    sum += w[c * d + j] * (apply_nonlinearity(h, xi[j]) - nonlinearity_mean(h));
                } else {
                    sum += static_cast<double>(w[c * d + j]) * xi[j];
                }
            }
            for (std::size_t q = 0; q < p.pairs.size(); ++q)
                sum += p.pair_weights(c, q) * static_cast<double>(xi[p.pairs[q].first]) * xi[p.pairs[q].second];
            z.data()[i * C + c] = static_cast<float>(sum);
        }
    }
    return z;
}

SyntheticTabularData generate_synthetic_tabular(const SyntheticTabularConfig& config) {
    check_config(config);
    SyntheticTabularData data;
    data.config = config;
    data.parameters = draw_parameters(config);

    Rng x_rng = Rng::stream(config.seed, 1);
    data.X = x_rng.normal_tensor({config.n_samples, config.n_features});
    data.scores = class_scores(data.parameters, data.X);
    data.ground_truth = shapley_ground_truth(data.parameters, data.X);

    const std::size_t C = config.n_classes;
    data.clean_y.resize(config.n_samples);
    for (std::size_t i = 0; i < config.n_samples; ++i) {
        const float* z = data.scores.data() + i * C;
        std::size_t best = 0;
        for (std::size_t c = 1; c < C; ++c)
            if (z[c] > z[best]) best = c;
        data.clean_y[i] = static_cast<int>(best);
    }
    data.y = data.clean_y;
    Rng noise_rng = Rng::stream(config.seed, 2);
    for (int& label : data.y)
        if (noise_rng.bernoulli(config.label_noise))
            label = static_cast<int>((static_cast<std::size_t>(label) + 1 + noise_rng.uniform_index(C - 1)) % C);

    for (std::size_t j = 0; j < config.n_features; ++j) {
        data.informative.push_back(j < config.n_informative);
        data.noise.push_back(j >= config.n_informative);
    }
    for (const auto& [a, b] : data.parameters.pairs) {
        data.interacting_features.push_back(a);
        data.interacting_features.push_back(b);
    }

    Rng split_rng = Rng::stream(config.seed, 3);
    auto parts = stratified_split(data.y, {1.0 - config.test_fraction, config.test_fraction}, split_rng);
    data.train_indices = std::move(parts[0]);
    data.test_indices = std::move(parts[1]);
    return data;
}

}  // namespace agop
