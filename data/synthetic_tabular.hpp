#pragma once
// The three synthetic tabular tasks with exact per-sample ground truth (papers.md Part A,
// adopted from Part B §1.5): x ~ N(0, I_d), the first s features informative, the rest
// noise; class scores z_c(x) from the task's generating function; y = argmax_c z_c.
//
// Ground truth is the exact Shapley value of z_c for every class c under independent N(0,1)
// features, so sum_j phi_cj(x) = z_c(x) - E[z_c] (efficiency) and noise features get 0:
//   linear            z_c = sum_{j<s} W_cj x_j                    phi_cj = W_cj x_j
//   sparse_nonlinear  z_c = sum_{j<s} A_cj (h_cj(x_j) - E h_cj)   phi_cj = A_cj (h_cj(x_j) - E h_cj)
//                     h_cj in {sin, x^2, tanh, |x|}; E = 0, 1, 0, sqrt(2/pi). Scores are centred so
//                     that no class wins by a constant offset (Shapley values are unchanged by it).
//   interaction       z_c = sum_{j<s} W_cj x_j + sum_{(a,b)} V_c,ab x_a x_b
//                     phi_cj = W_cj x_j + sum_{pairs holding j} V_c,ab x_a x_b / 2 (E[x_a x_b] = 0)
//                     pairs (0,1), (2,3), ...: the first 2 * n_pairs features interact.
//
// Generating weights (drawn first, from Rng::stream(seed, 0)): W_cj, A_cj, V_c,ab ~ N(0, 1), except
// the interaction task's linear weights ~ N(0, linear_scale^2) so that the products dominate; h_cj
// uniform over the four functions. Then X from stream 1, label noise from stream 2, the
// stratified train/test split from stream 3.

#include <cstdint>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

enum class SyntheticTask { linear, sparse_nonlinear, interaction };
enum class Nonlinearity { sine, square, tanh, abs };

// "linear", "sparse_nonlinear", "interaction" (and back; Error for an unknown name).
std::string synthetic_task_name(SyntheticTask task);
SyntheticTask parse_synthetic_task(const std::string& name);

struct SyntheticTabularConfig {
    SyntheticTask task = SyntheticTask::linear;
    std::size_t n_samples = 10000;
    std::size_t n_features = 20;    // d
    std::size_t n_informative = 6;  // s: features 0..s-1
    std::size_t n_classes = 3;      // C
    std::size_t n_interaction_pairs = 2;  // interaction task: pairs (0,1), (2,3), ...
    double interaction_linear_scale = 0.5;
    double test_fraction = 0.2;
    // Probability that a label is replaced by a uniformly drawn *different* class.
    double label_noise = 0.0;
    std::uint64_t seed = 0;
};

// The generating function's parameters.
struct ClassScoreParameters {
    SyntheticTask task = SyntheticTask::linear;
    std::size_t n_features = 0;
    Tensor linear_weights;                    // (C, d) W (A for sparse_nonlinear); zero on noise features
    std::vector<Nonlinearity> nonlinearities;  // (C * d) h_cj, row-major; sparse_nonlinear only
    std::vector<std::pair<std::size_t, std::size_t>> pairs;  // interaction only
    Tensor pair_weights;                      // (C, n_pairs) V; interaction only
};

struct SyntheticTabularData {
    SyntheticTabularConfig config;
    ClassScoreParameters parameters;
    Tensor X;                      // (N, d)
    std::vector<int> y;            // (N) argmax of the scores, after label noise
    std::vector<int> clean_y;      // (N) argmax of the scores
    Tensor scores;                 // (N, C) z_c(x)
    Tensor ground_truth;           // (N, C, d) phi_cj(x_i) for every class c
    std::vector<bool> informative;  // (d) true for features 0..s-1
    std::vector<bool> noise;        // (d) the complement
    std::vector<std::size_t> interacting_features;  // interaction task: 0..2*n_pairs-1; else empty
    std::vector<std::size_t> train_indices;         // stratified by y
    std::vector<std::size_t> test_indices;
};

SyntheticTabularData generate_synthetic_tabular(const SyntheticTabularConfig& config);

// X (N, d) -> z (N, C).
Tensor class_scores(const ClassScoreParameters& parameters, const Tensor& X);
// X (N, d) -> phi (N, C, d): exact Shapley values of each class score. E[z_c] = 0 for all three
// tasks, so sum_j phi_cj = z_c.
Tensor shapley_ground_truth(const ClassScoreParameters& parameters, const Tensor& X);

// h(x) and E[h(x)] for x ~ N(0, 1).
double apply_nonlinearity(Nonlinearity h, double x);
double nonlinearity_mean(Nonlinearity h);

}  // namespace agop
