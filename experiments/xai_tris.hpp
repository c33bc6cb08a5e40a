#pragma once
// XAI-TRIS (Clark, Wilming & Haufe 2024) image benchmarks, following the reference code
// (papers.md Part B §3): tetromino T (class 0) or L (class 1) patterns in white or
// correlated Gaussian noise, four scenarios:
//   LIN    X = alpha P + (1 - alpha) B, T at (1,1) or L at (4,5)
//   MULT   X = (1 - alpha P) ⊙ B (each factor normalised first)
//   RIGID  as LIN, the tetromino rotated by k·90° and translated uniformly at random
//   XOR    both tetrominoes, signs (+,+),(−,−) -> class 0, (+,−),(−,+) -> class 1
// Steps: P and B normalised by their global Frobenius norms (over the whole N x H*W matrix),
// mixed, X divided by max|X| over the data set, then rounded to float16 (torch.float16 in the
// reference) and kept as float32 holding those half-precision values.
// Random streams: backgrounds from Rng::stream(seed, 0) (so every scenario of one seed shares
// them, as in the reference), RIGID's rotations and positions from stream 1, the stratified
// split from stream 2. numpy's streams cannot be matched; the distributions are the same.

#include <cstdint>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

enum class XaiTrisScenario { linear, multiplicative, rigid, xor_ };
enum class XaiTrisBackground { white, correlated };

// "lin", "mult", "rigid", "xor"; "white", "correlated" (and back; Error for unknown names).
std::string xai_tris_scenario_name(XaiTrisScenario scenario);
XaiTrisScenario parse_xai_tris_scenario(const std::string& name);
std::string xai_tris_background_name(XaiTrisBackground background);
XaiTrisBackground parse_xai_tris_background(const std::string& name);

struct XaiTrisConfig {
    XaiTrisScenario scenario = XaiTrisScenario::linear;
    XaiTrisBackground background = XaiTrisBackground::white;
    std::size_t n_samples = 10000;  // even; a multiple of 4 for XOR
    std::size_t image_scale = 1;    // images are (8 * image_scale) square; positions scale with it
    std::size_t pattern_scale = 1;  // tetromino cells are pattern_scale pixels; > 3 also blurs (sigma 1.5)
    double alpha = 0.18;            // signal-to-noise parameter
    double noise_std = 0.5;         // white background N(0, noise_std^2)
    double smoothing_sigma = 3.0;   // correlated background: Gaussian filter of the white one
    double manipulation = 1.0;      // tetromino amplitude
    std::vector<double> split = {0.8, 0.1, 0.1};  // train / validation / test, stratified
    std::uint64_t seed = 0;
};

// The reference settings for 8x8 (image_size 8: alpha table of data_config_8by8.json) or 64x64
// (image_size 64: image_scale 8, pattern_scale 8 (RIGID 4), sigma 10, split 90/5/5).
XaiTrisConfig xai_tris_config(XaiTrisScenario scenario, XaiTrisBackground background, std::size_t image_size = 8);

struct XaiTrisData {
    XaiTrisConfig config;
    Tensor images;            // (N, 1, H, W) in [-1, 1], max|X| = 1, float16 values
    std::vector<int> labels;  // (N) 0 = T for the first N/2 samples, 1 = L for the rest
    Tensor patterns;          // (N, 1, H, W) P as generated (signed for XOR): the reference's ground_truths
    Tensor masks;             // (N, 1, H, W) 0/1 evaluation ground truth (§3.7): LIN/MULT/XOR the union of
                              // both tetromino locations for every sample, RIGID the sample's own pattern;
                              // blurred patterns (pattern_scale > 3) binarised at |P| >= 0.05
    std::vector<std::size_t> train_indices, validation_indices, test_indices;
};

XaiTrisData generate_xai_tris(const XaiTrisConfig& config);

// The tetromino T or L (3 x 2 cells) as a (3 * scale, 2 * scale) row-major grid of 0/amplitude.
std::vector<double> tetromino(bool is_l, std::size_t scale, double amplitude);
// np.rot90(a, k): (h, w) -> rotated by k * 90° counter-clockwise; h and w are updated.
std::vector<double> rotate90(const std::vector<double>& a, std::size_t& h, std::size_t& w, int k);

}  // namespace agop
