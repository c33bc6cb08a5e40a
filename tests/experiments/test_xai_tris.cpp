#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"
#include "data/float16.hpp"
#include "experiments/xai_tris.hpp"

using namespace agop;

namespace {

XaiTrisConfig small(XaiTrisScenario s, XaiTrisBackground b = XaiTrisBackground::white, std::size_t n = 400) {
    XaiTrisConfig c = xai_tris_config(s, b);
    c.n_samples = n;
    c.seed = 3;
    return c;
}

// The 0/1 grid of sample i's mask (8x8) as 8 strings of '#' and '.'.
std::vector<std::string> mask_rows(const Tensor& masks, std::size_t i) {
    std::vector<std::string> rows(8, std::string(8, '.'));
    for (std::size_t r = 0; r < 8; ++r)
        for (std::size_t c = 0; c < 8; ++c)
            if (masks(i, 0, r, c) != 0.0f) rows[r][c] = '#';
    return rows;
}

const std::vector<std::string> kUnion = {"........", ".#......", ".##.....", ".#......",
                                         ".....#..", ".....#..", ".....##.", "........"};

const XaiTrisScenario kScenarios[] = {XaiTrisScenario::linear, XaiTrisScenario::multiplicative,
                                      XaiTrisScenario::rigid, XaiTrisScenario::xor_};

}  // namespace

BOOST_AUTO_TEST_SUITE(xai_tris)

BOOST_AUTO_TEST_CASE(tetrominoes_and_rot90_match_numpy) {
    const auto t = tetromino(false, 1, 1.0);
    BOOST_TEST(t == std::vector<double>({1, 0, 1, 1, 1, 0}));
    const auto l2 = tetromino(true, 2, 0.5);
    BOOST_TEST(l2.size() == 24u);
    BOOST_TEST(l2[5 * 4 + 3] == 0.5);  // the foot of the L, bottom right
    BOOST_TEST(l2[0 * 4 + 3] == 0.0);
    // np.rot90([[1,0],[1,1],[1,0]]) == [[0,1,0],[1,1,1]]
    std::size_t h = 3, w = 2;
    BOOST_TEST(rotate90(t, h, w, 1) == std::vector<double>({0, 1, 0, 1, 1, 1}));
    BOOST_TEST(h == 2u);
    BOOST_TEST(w == 3u);
    h = 3, w = 2;
    BOOST_TEST(rotate90(t, h, w, 2) == std::vector<double>({0, 1, 1, 1, 0, 1}));
}

BOOST_AUTO_TEST_CASE(fixed_scenarios_place_t_and_l_and_use_the_union_mask) {
    for (auto s : {XaiTrisScenario::linear, XaiTrisScenario::multiplicative, XaiTrisScenario::xor_}) {
        const XaiTrisData d = generate_xai_tris(small(s));
        BOOST_TEST(mask_rows(d.masks, 0) == kUnion);
        BOOST_TEST(mask_rows(d.masks, 399) == kUnion);
    }
    const XaiTrisData lin = generate_xai_tris(small(XaiTrisScenario::linear));
    BOOST_TEST(lin.patterns(0, 0, 2, 2) == 1.0f);  // T's arm at row 2, col 2
    BOOST_TEST(lin.patterns(0, 0, 6, 6) == 0.0f);
    BOOST_TEST(lin.patterns(399, 0, 6, 6) == 1.0f);  // L's foot at row 6, col 6
    BOOST_TEST(lin.patterns(399, 0, 2, 2) == 0.0f);
}

BOOST_AUTO_TEST_CASE(xor_signs_follow_the_four_blocks) {
    const XaiTrisData d = generate_xai_tris(small(XaiTrisScenario::xor_));
    const float expected[4][2] = {{1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
    for (std::size_t block = 0; block < 4; ++block) {
        const std::size_t i = block * 100 + 7;
        BOOST_TEST(d.patterns(i, 0, 1, 1) == expected[block][0]);
        BOOST_TEST(d.patterns(i, 0, 4, 5) == expected[block][1]);
        BOOST_TEST(d.labels[i] == (block < 2 ? 0 : 1));
    }
}

BOOST_AUTO_TEST_CASE(rigid_masks_are_the_sample_own_four_pixels) {
    const XaiTrisData d = generate_xai_tris(small(XaiTrisScenario::rigid));
    std::size_t distinct_positions = 0;
    for (std::size_t i = 0; i < 400; ++i) {
        float count = 0;
        for (std::size_t p = 0; p < 64; ++p) {
            count += d.masks.data()[i * 64 + p];
            BOOST_TEST((d.masks.data()[i * 64 + p] != 0.0f) == (d.patterns.data()[i * 64 + p] != 0.0f));
        }
        BOOST_TEST(count == 4.0f);
        distinct_positions += mask_rows(d.masks, i) != mask_rows(d.masks, 0);
    }
    BOOST_TEST(distinct_positions > 300u);
}

BOOST_AUTO_TEST_CASE(classes_are_exactly_balanced_and_split_80_10_10) {
    for (auto s : kScenarios) {
        const XaiTrisData d = generate_xai_tris(small(s, XaiTrisBackground::correlated));
        BOOST_TEST(std::count(d.labels.begin(), d.labels.end(), 1) == 200);
        BOOST_TEST(d.train_indices.size() == 320u);
        BOOST_TEST(d.validation_indices.size() == 40u);
        BOOST_TEST(d.test_indices.size() == 40u);
        BOOST_TEST(std::count_if(d.test_indices.begin(), d.test_indices.end(), [&](std::size_t i) {
                       return d.labels[i] == 1;
                   }) == 20);
    }
}

BOOST_AUTO_TEST_CASE(images_are_rescaled_to_max_abs_one_and_float16) {
    for (auto s : kScenarios)
        for (auto b : {XaiTrisBackground::white, XaiTrisBackground::correlated}) {
            const XaiTrisData d = generate_xai_tris(small(s, b));
            float max_abs = 0;
            bool all_half = true;
            for (float v : d.images) {
                max_abs = std::max(max_abs, std::fabs(v));
                all_half = all_half && round_to_float16(v) == v;
            }
            BOOST_TEST(max_abs == 1.0f);
            BOOST_TEST(all_half);
            BOOST_TEST(d.images.shape() == Shape({400, 1, 8, 8}), boost::test_tools::per_element());
        }
}

BOOST_AUTO_TEST_CASE(linear_mixing_follows_the_normalised_formula) {
    // With alpha = 1 the image is P / ||P||_F rescaled by its max: exactly the pattern (0 or 1).
    XaiTrisConfig c = small(XaiTrisScenario::linear);
    c.alpha = 1.0;
    const XaiTrisData d = generate_xai_tris(c);
    for (std::size_t e = 0; e < d.images.size(); ++e) BOOST_TEST(d.images.data()[e] == d.patterns.data()[e]);
}

BOOST_AUTO_TEST_CASE(correlated_backgrounds_are_smoother_than_white) {
    auto neighbour_correlation = [](const XaiTrisData& d) {
        double sum_xy = 0, sum_xx = 0;
        for (std::size_t i = 0; i < 400; ++i)
            for (std::size_t r = 0; r < 8; ++r)
                for (std::size_t c = 0; c + 1 < 8; ++c) {
                    sum_xy += d.images(i, 0, r, c) * d.images(i, 0, r, c + 1);
                    sum_xx += d.images(i, 0, r, c) * d.images(i, 0, r, c);
                }
        return sum_xy / sum_xx;
    };
    XaiTrisConfig c = small(XaiTrisScenario::linear);
    c.alpha = 0.0;  // background only
    const double white = neighbour_correlation(generate_xai_tris(c));
    c.background = XaiTrisBackground::correlated;
    const double correlated = neighbour_correlation(generate_xai_tris(c));
    BOOST_TEST(std::fabs(white) < 0.1);
    BOOST_TEST(correlated > 0.8);
}

BOOST_AUTO_TEST_CASE(same_seed_is_bit_identical_and_backgrounds_are_shared_across_scenarios) {
    const auto a = generate_xai_tris(small(XaiTrisScenario::rigid));
    const auto b = generate_xai_tris(small(XaiTrisScenario::rigid));
    BOOST_TEST(bit_identical(a.images, b.images));
    BOOST_TEST(bit_identical(a.masks, b.masks));
    BOOST_TEST(a.test_indices == b.test_indices);
    XaiTrisConfig other = small(XaiTrisScenario::rigid);
    other.seed = 4;
    BOOST_TEST(!bit_identical(generate_xai_tris(other).images, a.images));
    // alpha = 0: images are the (shared) background alone, whatever the scenario.
    XaiTrisConfig lin = small(XaiTrisScenario::linear), xr = small(XaiTrisScenario::xor_);
    lin.alpha = xr.alpha = 0.0;
    BOOST_TEST(bit_identical(generate_xai_tris(lin).images, generate_xai_tris(xr).images));
}

BOOST_AUTO_TEST_CASE(large_images_scale_positions_blur_patterns_and_binarise_masks) {
    XaiTrisConfig c = xai_tris_config(XaiTrisScenario::linear, XaiTrisBackground::white, 64);
    BOOST_TEST(c.alpha == 0.03);
    BOOST_TEST(c.pattern_scale == 8u);
    c.n_samples = 4;
    const XaiTrisData d = generate_xai_tris(c);
    BOOST_TEST(d.images.shape() == Shape({4, 1, 64, 64}), boost::test_tools::per_element());
    BOOST_TEST(d.masks(0, 0, 8 + 12, 8 + 4) == 1.0f);   // inside T (starts at 8, 8)
    BOOST_TEST(d.masks(0, 0, 60, 2) == 0.0f);
    BOOST_TEST(d.patterns(0, 0, 8 + 12, 8 + 4) < 1.0f);  // blurred with sigma 1.5
    BOOST_TEST(d.masks(3, 0, 32 + 20, 40 + 12) == 1.0f);  // L starts at 32, 40
    BOOST_TEST(xai_tris_config(XaiTrisScenario::rigid, XaiTrisBackground::correlated, 64).pattern_scale == 4u);
}

BOOST_AUTO_TEST_CASE(names_round_trip_and_bad_configs_are_refused) {
    for (auto s : kScenarios) BOOST_TEST((parse_xai_tris_scenario(xai_tris_scenario_name(s)) == s));
    BOOST_TEST((parse_xai_tris_background("correlated") == XaiTrisBackground::correlated));
    BOOST_TEST(xai_tris_background_name(XaiTrisBackground::white) == "white");
    BOOST_CHECK_THROW(parse_xai_tris_scenario("spiral"), Error);
    BOOST_CHECK_THROW(parse_xai_tris_background("pink"), Error);
    BOOST_CHECK_THROW(xai_tris_config(XaiTrisScenario::linear, XaiTrisBackground::white, 32), Error);
    BOOST_CHECK_THROW(generate_xai_tris(small(XaiTrisScenario::xor_, XaiTrisBackground::white, 402)), Error);
    XaiTrisConfig c = small(XaiTrisScenario::linear);
    c.pattern_scale = 3;
    BOOST_CHECK_THROW(generate_xai_tris(c), Error);
}

BOOST_AUTO_TEST_SUITE_END()
