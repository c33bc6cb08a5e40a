#include "experiments/xai_tris.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/float16.hpp"
#include "data/gaussian_filter.hpp"
#include "data/stratified_split.hpp"

namespace agop {

namespace {

// Pastes a (h, w) grid into a (size, size) image at (row, col).
void paste(std::vector<double>& image, std::size_t size, const std::vector<double>& grid, std::size_t h,
           std::size_t w, std::size_t row, std::size_t col, double sign) {
    for (std::size_t r = 0; r < h; ++r)
        for (std::size_t c = 0; c < w; ++c) image[(row + r) * size + col + c] = sign * grid[r * w + c];
}

void check_config(const XaiTrisConfig& c) {
    const std::size_t size = 8 * c.image_scale;
    if (c.image_scale == 0 || c.pattern_scale == 0)
        throw Error("XAI-TRIS: image_scale and pattern_scale must be positive");
    if (c.n_samples == 0 || c.n_samples % (c.scenario == XaiTrisScenario::xor_ ? 4 : 2) != 0)
        throw Error("XAI-TRIS: n_samples must be a positive multiple of " +
                    std::string(c.scenario == XaiTrisScenario::xor_ ? "4 for XOR" : "2") + "; got " +
                    std::to_string(c.n_samples));
    // The fixed positions (4, 5) * image_scale must leave room for a 3 x 2 cell tetromino.
    if (4 * c.image_scale + 3 * c.pattern_scale > size || 5 * c.image_scale + 2 * c.pattern_scale > size)
        throw Error("XAI-TRIS: pattern_scale " + std::to_string(c.pattern_scale) + " is too large for " +
                    std::to_string(size) + "x" + std::to_string(size) + " images");
    if (c.split.size() != 3) throw Error("XAI-TRIS: split needs three fractions (train, validation, test)");
    if (!(c.alpha >= 0.0 && c.alpha <= 1.0)) throw Error("XAI-TRIS: alpha must be in [0, 1]; got " + std::to_string(c.alpha));
}

}  // namespace

std::string xai_tris_scenario_name(XaiTrisScenario scenario) {
    switch (scenario) {
        case XaiTrisScenario::linear: return "lin";
        case XaiTrisScenario::multiplicative: return "mult";
        case XaiTrisScenario::rigid: return "rigid";
        case XaiTrisScenario::xor_: return "xor";
    }
    throw Error("xai_tris_scenario_name: unknown scenario");
}

XaiTrisScenario parse_xai_tris_scenario(const std::string& name) {
    for (auto s : {XaiTrisScenario::linear, XaiTrisScenario::multiplicative, XaiTrisScenario::rigid, XaiTrisScenario::xor_})
        if (xai_tris_scenario_name(s) == name) return s;
    throw Error("unknown XAI-TRIS scenario '" + name + "'; expected lin, mult, rigid or xor");
}

std::string xai_tris_background_name(XaiTrisBackground background) {
    return background == XaiTrisBackground::white ? "white" : "correlated";
}

XaiTrisBackground parse_xai_tris_background(const std::string& name) {
    if (name == "white") return XaiTrisBackground::white;
    if (name == "correlated") return XaiTrisBackground::correlated;
    throw Error("unknown XAI-TRIS background '" + name + "'; expected white or correlated");
}

XaiTrisConfig xai_tris_config(XaiTrisScenario scenario, XaiTrisBackground background, std::size_t image_size) {
    if (image_size != 8 && image_size != 64)
        throw Error("xai_tris_config: reference settings exist for image_size 8 and 64; got " + std::to_string(image_size));
    const bool white = background == XaiTrisBackground::white;
    XaiTrisConfig c;
    c.scenario = scenario;
    c.background = background;
    // alpha (WHITE, CORR) per scenario: data_config_8by8.json and data_config.json.
    const double alpha8[4][2] = {{0.18, 0.0125}, {0.7, 0.1}, {0.65, 0.2}, {0.35, 0.15}};
    const double alpha64[4][2] = {{0.03, 0.02}, {0.65, 0.05}, {0.575, 0.375}, {0.075, 0.03}};
    const auto s = static_cast<std::size_t>(scenario);
    if (image_size == 8) {
        c.alpha = alpha8[s][white ? 0 : 1];
        return c;
    }
    c.alpha = alpha64[s][white ? 0 : 1];
    c.image_scale = 8;
    c.pattern_scale = scenario == XaiTrisScenario::rigid ? 4 : 8;
    c.smoothing_sigma = 10.0;
    c.n_samples = 40000;
    c.split = {0.9, 0.05, 0.05};
    return c;
}

std::vector<double> tetromino(bool is_l, std::size_t scale, double amplitude) {
    // One table indexed by the shape rather than `(is_l ? l : t)[i][j]`: GCC 12 under
    // -fsanitize=undefined miscompiles that conditional array (SIGFPE dividing by scale 1).
    const int shapes[2][3][2] = {{{1, 0}, {1, 1}, {1, 0}},   // T
                                 {{1, 0}, {1, 0}, {1, 1}}};  // L
    const std::size_t shape = is_l ? 1 : 0;
    const std::size_t h = 3 * scale, w = 2 * scale;
    std::vector<double> grid(h * w);
    for (std::size_t r = 0; r < h; ++r)
        for (std::size_t c = 0; c < w; ++c) grid[r * w + c] = amplitude * shapes[shape][r / scale][c / scale];
    return grid;
}

std::vector<double> rotate90(const std::vector<double>& a, std::size_t& h, std::size_t& w, int k) {
    std::vector<double> out = a;
    for (int turn = 0; turn < ((k % 4) + 4) % 4; ++turn) {
        // Counter-clockwise: out[i][j] = in[j][w - 1 - i], shape (w, h).
        std::vector<double> next(out.size());
        for (std::size_t i = 0; i < w; ++i)
            for (std::size_t j = 0; j < h; ++j) next[i * h + j] = out[j * w + (w - 1 - i)];
        out = std::move(next);
        std::swap(h, w);
    }
    return out;
}

namespace {

// Backgrounds B (N, H*W), white or Gaussian-filtered, written into `images` until mixing.
void draw_backgrounds(const XaiTrisConfig& config, std::size_t n, std::size_t size, float* b) {
    const std::size_t pixels = size * size;
    Rng background_rng = Rng::stream(config.seed, 0);
    std::vector<double> image(pixels);
    for (std::size_t i = 0; i < n; ++i) {
        for (double& v : image) v = background_rng.normal(0.0, config.noise_std);
        if (config.background == XaiTrisBackground::correlated)
            image = gaussian_filter(image, size, size, config.smoothing_sigma);
        for (std::size_t p = 0; p < pixels; ++p) b[i * pixels + p] = static_cast<float>(image[p]);
    }
}

// Patterns P (N, H*W) into `patterns` and the evaluation masks into `masks`: the scenario's
// tetromino placement per sample, blurred at 64x64.
void draw_patterns_and_masks(XaiTrisData& data) {
    const XaiTrisConfig& config = data.config;
    const std::size_t n = config.n_samples, size = 8 * config.image_scale, pixels = size * size;
    const std::size_t ps = config.pattern_scale;
    const bool blur = ps > 3;
    const std::vector<double> t = tetromino(false, ps, config.manipulation);
    const std::vector<double> l = tetromino(true, ps, config.manipulation);
    const std::size_t t_row = config.image_scale, t_col = config.image_scale;
    const std::size_t l_row = 4 * config.image_scale, l_col = 5 * config.image_scale;
    const auto finish = [&](std::vector<double>& pattern) {
        if (blur) pattern = gaussian_filter(pattern, size, size, 1.5);
    };
    std::vector<double> combined(pixels, 0.0);
    paste(combined, size, t, 3 * ps, 2 * ps, t_row, t_col, 1.0);
    paste(combined, size, l, 3 * ps, 2 * ps, l_row, l_col, 1.0);
    finish(combined);

    Rng placement_rng = Rng::stream(config.seed, 1);
    float* p_out = data.patterns.data();
    float* m_out = data.masks.data();
    for (std::size_t i = 0; i < n; ++i) {
        const bool is_l = data.labels[i] == 1;
        std::vector<double> pattern(pixels, 0.0);
        switch (config.scenario) {
            case XaiTrisScenario::linear:
            case XaiTrisScenario::multiplicative:
                if (is_l) paste(pattern, size, l, 3 * ps, 2 * ps, l_row, l_col, 1.0);
                else paste(pattern, size, t, 3 * ps, 2 * ps, t_row, t_col, 1.0);
                break;
            case XaiTrisScenario::rigid: {
                std::size_t h = 3 * ps, w = 2 * ps;
                const int k = static_cast<int>(placement_rng.uniform_index(4));
                const std::vector<double> rotated = rotate90(is_l ? l : t, h, w, k);
                const std::size_t row = placement_rng.uniform_index(size - h + 1);
                const std::size_t col = placement_rng.uniform_index(size - w + 1);
                paste(pattern, size, rotated, h, w, row, col, 1.0);
                break;
            }
            case XaiTrisScenario::xor_: {
                // Blocks of N/4: (+,+), (−,−) -> class 0; (+,−), (−,+) -> class 1.
                const double signs[4][2] = {{1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
                const std::size_t block = i / (n / 4);
                paste(pattern, size, t, 3 * ps, 2 * ps, t_row, t_col, signs[block][0]);
                paste(pattern, size, l, 3 * ps, 2 * ps, l_row, l_col, signs[block][1]);
                break;
            }
        }
        finish(pattern);
        const std::vector<double>& mask_source = config.scenario == XaiTrisScenario::rigid ? pattern : combined;
        for (std::size_t p = 0; p < pixels; ++p) {
            p_out[i * pixels + p] = static_cast<float>(pattern[p]);
            const double magnitude = std::fabs(mask_source[p]);
            m_out[i * pixels + p] = (blur ? magnitude >= 0.05 : magnitude > 0.0) ? 1.0f : 0.0f;
        }
    }
}

// X = alpha P / ||P|| + (1 - alpha) B / ||B|| (MULT: (1 - alpha P) / ||1 - alpha P|| ⊙ B / ||B||),
// global Frobenius norms, rescaled by max |X| and rounded to float16, written over B in `images`.
void mix_patterns_into_backgrounds(XaiTrisData& data) {
    const XaiTrisConfig& config = data.config;
    const bool multiplicative = config.scenario == XaiTrisScenario::multiplicative;
    const double alpha = config.alpha;
    const std::size_t total = data.images.size();
    float* b = data.images.data();
    const float* p_out = data.patterns.data();
    double p_norm = 0.0, b_norm = 0.0;
    for (std::size_t e = 0; e < total; ++e) {
        const double pv = multiplicative ? 1.0 - alpha * p_out[e] : p_out[e];
        p_norm += pv * pv;
        b_norm += static_cast<double>(b[e]) * b[e];
    }
    p_norm = std::sqrt(p_norm);
    b_norm = std::sqrt(b_norm);
    if (p_norm == 0.0) throw Error("XAI-TRIS: the pattern matrix is all zeros (manipulation 0?)");
    const double b_divisor = b_norm == 0.0 ? 1.0 : b_norm;  // the reference leaves an all-zero B as is
    // Two passes (max, then write) rather than a double copy of X: 64x64 data sets are large.
    const auto mixed = [&](std::size_t e) {
        const double bv = b[e] / b_divisor;
        return multiplicative ? (1.0 - alpha * p_out[e]) / p_norm * bv : alpha * p_out[e] / p_norm + (1.0 - alpha) * bv;
    };
    double max_abs = 0.0;
    for (std::size_t e = 0; e < total; ++e) max_abs = std::max(max_abs, std::fabs(mixed(e)));
    for (std::size_t e = 0; e < total; ++e) b[e] = round_to_float16(mixed(e) / max_abs);
}

}  // namespace

XaiTrisData generate_xai_tris(const XaiTrisConfig& config) {
    check_config(config);
    const std::size_t n = config.n_samples, size = 8 * config.image_scale;
    XaiTrisData data;
    data.config = config;
    data.images = filled({n, 1, size, size}, 0.0f);
    data.patterns = filled({n, 1, size, size}, 0.0f);
    data.masks = filled({n, 1, size, size}, 0.0f);
    data.labels.resize(n);
    for (std::size_t i = 0; i < n; ++i) data.labels[i] = i < n / 2 ? 0 : 1;

    draw_backgrounds(config, n, size, data.images.data());
    draw_patterns_and_masks(data);
    mix_patterns_into_backgrounds(data);

    split_train_validation_test(data, config.split, Rng::stream(config.seed, 2));
    return data;
}

}  // namespace agop
