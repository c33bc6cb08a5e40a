#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/synthetic_tabular.hpp"

using namespace agop;

namespace {

SyntheticTabularConfig small_config(SyntheticTask task, std::size_t n = 2000) {
    SyntheticTabularConfig c;
    c.task = task;
    c.n_samples = n;
    c.seed = 11;
    return c;
}

const SyntheticTask kTasks[] = {SyntheticTask::linear, SyntheticTask::sparse_nonlinear, SyntheticTask::interaction};

}  // namespace

BOOST_AUTO_TEST_SUITE(synthetic_tabular)

BOOST_AUTO_TEST_CASE(shapes_masks_and_split) {
    for (SyntheticTask task : kTasks) {
        const auto data = generate_synthetic_tabular(small_config(task, 500));
        BOOST_TEST(data.X.shape() == Shape({500, 20}), boost::test_tools::per_element());
        BOOST_TEST(data.scores.shape() == Shape({500, 3}), boost::test_tools::per_element());
        BOOST_TEST(data.ground_truth.shape() == Shape({500, 3, 20}), boost::test_tools::per_element());
        BOOST_TEST(data.y.size() == 500u);
        BOOST_TEST(std::count(data.informative.begin(), data.informative.end(), true) == 6);
        BOOST_TEST(data.informative[5]);
        BOOST_TEST(data.noise[6]);
        BOOST_TEST(data.train_indices.size() + data.test_indices.size() == 500u);
        BOOST_TEST(data.test_indices.size() == 100u);
    }
    BOOST_TEST(generate_synthetic_tabular(small_config(SyntheticTask::interaction, 10)).interacting_features ==
               std::vector<std::size_t>({0, 1, 2, 3}));
    BOOST_TEST(generate_synthetic_tabular(small_config(SyntheticTask::linear, 10)).interacting_features.empty());
}

BOOST_AUTO_TEST_CASE(labels_are_the_argmax_of_the_scores_and_roughly_balanced) {
    for (SyntheticTask task : kTasks) {
        const auto data = generate_synthetic_tabular(small_config(task));
        for (std::size_t i = 0; i < 50; ++i) {
            const float* z = data.scores.data() + i * 3;
            BOOST_TEST(z[data.y[i]] == *std::max_element(z, z + 3));
        }
        for (int c = 0; c < 3; ++c) {
            const long count = std::count(data.y.begin(), data.y.end(), c);
            BOOST_TEST_INFO(synthetic_task_name(task) << " class " << c << ": " << count);
            BOOST_TEST(count > 2000 / 20);  // no class starved
        }
    }
}

BOOST_AUTO_TEST_CASE(efficiency_sum_of_phi_is_score_minus_its_expectation) {
    for (SyntheticTask task : kTasks) {
        const auto data = generate_synthetic_tabular(small_config(task, 20000));
        // E[z_c] = 0 analytically; check it by brute force over the sample (sd of z is a few units).
        for (std::size_t c = 0; c < 3; ++c) {
            double mean = 0;
            for (std::size_t i = 0; i < 20000; ++i) mean += data.scores(i, c);
            BOOST_TEST_INFO(synthetic_task_name(task) << " class " << c);
            BOOST_TEST(std::fabs(mean / 20000) < 0.06);
        }
        for (std::size_t i = 0; i < 200; ++i)
            for (std::size_t c = 0; c < 3; ++c) {
                double sum = 0;
                for (std::size_t j = 0; j < 20; ++j) sum += data.ground_truth(i, c, j);
                BOOST_TEST(sum == data.scores(i, c), boost::test_tools::tolerance(1e-4));
            }
    }
}

BOOST_AUTO_TEST_CASE(noise_features_have_zero_attribution) {
    for (SyntheticTask task : kTasks) {
        const auto data = generate_synthetic_tabular(small_config(task, 300));
        for (std::size_t i = 0; i < 300; ++i)
            for (std::size_t c = 0; c < 3; ++c)
                for (std::size_t j = 6; j < 20; ++j) BOOST_TEST(data.ground_truth(i, c, j) == 0.0f);
    }
}

BOOST_AUTO_TEST_CASE(hand_checked_ground_truth) {
    ClassScoreParameters p;
    p.n_features = 3;
    p.linear_weights = {{2.0f, -1.0f, 0.0f}};
    Tensor x = {{1.5f, 2.0f, 7.0f}};

    p.task = SyntheticTask::linear;  // phi = (3, -2, 0), z = 1
    Tensor phi = shapley_ground_truth(p, x);
    BOOST_TEST(phi(0, 0, 0) == 3.0f);
    BOOST_TEST(phi(0, 0, 1) == -2.0f);
    BOOST_TEST(phi(0, 0, 2) == 0.0f);
    BOOST_TEST(class_scores(p, x)(0, 0) == 1.0f);

    p.task = SyntheticTask::sparse_nonlinear;  // h0 = x^2, h1 = |x|
    p.nonlinearities = {Nonlinearity::square, Nonlinearity::abs, Nonlinearity::sine};
    phi = shapley_ground_truth(p, x);
    BOOST_TEST(phi(0, 0, 0) == 2.0 * (2.25 - 1.0), boost::test_tools::tolerance(1e-6));
    BOOST_TEST(phi(0, 0, 1) == -1.0 * (2.0 - std::sqrt(2.0 / 3.14159265358979)), boost::test_tools::tolerance(1e-6));

    p.task = SyntheticTask::interaction;  // z = 2 x0 - x1 + 4 x0 x1 = 3 - 2 + 12
    p.pairs = {{0, 1}};
    p.pair_weights = filled({1, 1}, 4.0f);
    phi = shapley_ground_truth(p, x);
    BOOST_TEST(phi(0, 0, 0) == 3.0f + 6.0f);
    BOOST_TEST(phi(0, 0, 1) == -2.0f + 6.0f);
    BOOST_TEST(class_scores(p, x)(0, 0) == 13.0f);
}

BOOST_AUTO_TEST_CASE(nonlinearity_means_match_a_large_sample) {
    Rng rng(5);
    const Tensor x = rng.normal_tensor({200000});
    for (Nonlinearity h : {Nonlinearity::sine, Nonlinearity::square, Nonlinearity::tanh, Nonlinearity::abs}) {
        double mean = 0;
        for (float v : x) mean += apply_nonlinearity(h, v);
        BOOST_TEST(mean / 200000 == nonlinearity_mean(h), boost::test_tools::tolerance(0.01));
    }
    BOOST_TEST(apply_nonlinearity(Nonlinearity::tanh, 0.5) == std::tanh(0.5));
}

BOOST_AUTO_TEST_CASE(same_seed_gives_identical_bits_other_seed_differs) {
    auto c = small_config(SyntheticTask::interaction, 300);
    const auto a = generate_synthetic_tabular(c), b = generate_synthetic_tabular(c);
    BOOST_TEST(bit_identical(a.X, b.X));
    BOOST_TEST(bit_identical(a.ground_truth, b.ground_truth));
    BOOST_TEST(a.y == b.y);
    BOOST_TEST(a.test_indices == b.test_indices);
    c.seed = 12;
    BOOST_TEST(!bit_identical(generate_synthetic_tabular(c).X, a.X));
}

BOOST_AUTO_TEST_CASE(label_noise_flips_about_the_requested_fraction) {
    auto c = small_config(SyntheticTask::linear, 4000);
    c.label_noise = 0.1;
    const auto data = generate_synthetic_tabular(c);
    long flipped = 0;
    for (std::size_t i = 0; i < 4000; ++i) flipped += data.y[i] != data.clean_y[i];
    BOOST_TEST(flipped > 320);
    BOOST_TEST(flipped < 480);
}

BOOST_AUTO_TEST_CASE(task_names_round_trip_and_bad_configs_are_refused) {
    for (SyntheticTask task : kTasks) BOOST_TEST((parse_synthetic_task(synthetic_task_name(task)) == task));
    BOOST_CHECK_THROW(parse_synthetic_task("quadratic"), Error);
    auto c = small_config(SyntheticTask::interaction, 10);
    c.n_interaction_pairs = 4;
    BOOST_CHECK_THROW(generate_synthetic_tabular(c), Error);
    c = small_config(SyntheticTask::linear, 10);
    c.n_informative = 21;
    BOOST_CHECK_THROW(generate_synthetic_tabular(c), Error);
    ClassScoreParameters p = generate_synthetic_tabular(small_config(SyntheticTask::linear, 10)).parameters;
    BOOST_CHECK_THROW(class_scores(p, filled({2, 5}, 0.0f)), Error);
}

BOOST_AUTO_TEST_SUITE_END()
