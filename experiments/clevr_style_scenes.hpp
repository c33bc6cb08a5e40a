#pragma once
// CLEVR-XAI-style scenes: a procedural STAND-IN for CLEVR-XAI (Arras et al. 2022), which cannot
// be downloaded here (papers.md Part A, Part B §4). It keeps the structure that matters for
// attribution: several shaded objects (sphere, cube, cylinder; 8 CLEVR colours; small, medium,
// large) on a grey floor, occluding one another by depth, and a pixel mask of the objects the
// label depends on. Rendering is 2-D: a sphere is a Lambert-shaded disc with a highlight, a
// cube a flat front face under a lighter top face, a cylinder a horizontally shaded body with
// an elliptical cap. Objects lower in the image are nearer and are drawn later.
//
// Tasks:
//   unique_red_shape          exactly one red object; label = its shape (0 sphere, 1 cube,
//                             2 cylinder, balanced by construction); mask = its visible pixels.
//   largest_pair_same_colour  exactly two large objects; label 1 when they share a colour
//                             (balanced); mask = both objects' visible pixels.
// Every scene also carries a pretext label (the shape of the largest object, by drawn radius)
// for pretraining. Random stream: Rng::stream(seed, image index) per image (so images do not
// depend on N), the split from Rng::stream(seed, 2^63).

#include <cstdint>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

// The name every stand-in output carries.
inline constexpr const char* kClevrStyleName = "clevr-xai-style (procedural stand-in, not CLEVR-XAI)";

enum class ClevrStyleTask { unique_red_shape, largest_pair_same_colour };
enum class ClevrShape { sphere, cube, cylinder };
// CLEVR's eight colours, red first.
enum class ClevrColour { red, gray, blue, green, brown, purple, cyan, yellow };

std::string clevr_shape_name(ClevrShape shape);
std::string clevr_colour_name(ClevrColour colour);

struct ClevrStyleConfig {
    ClevrStyleTask task = ClevrStyleTask::unique_red_shape;
    std::size_t n_images = 1000;
    std::size_t image_size = 64;  // 64 or 128 in the papers' setting; any size >= 32 works
    std::size_t min_objects = 3;
    std::size_t max_objects = 8;
    double pixel_noise_std = 0.02;  // Gaussian noise added to every channel, then clamped to [0, 1]
    std::vector<double> split = {0.8, 0.1, 0.1};  // train / validation / test, stratified by label
    std::uint64_t seed = 0;
};

struct ClevrObject {
    ClevrShape shape;
    ClevrColour colour;
    double centre_x, centre_y;  // pixels
    double radius;              // half the object's width, pixels
    std::size_t visible_pixels;
};

struct ClevrStyleData {
    std::string name = kClevrStyleName;
    bool is_stand_in = true;
    ClevrStyleConfig config;
    Tensor images;                    // (N, 3, S, S) RGB in [0, 1]
    std::vector<int> labels;          // (N) task label
    std::vector<int> pretext_labels;  // (N) shape of the largest object
    Tensor masks;                     // (N, 1, S, S) 0/1 ground truth for the task label
    std::vector<std::vector<ClevrObject>> scenes;  // (N) objects in drawing order (far to near)
    std::vector<std::string> class_names;
    std::vector<std::size_t> train_indices, validation_indices, test_indices;
};

ClevrStyleData generate_clevr_style_scenes(const ClevrStyleConfig& config);

}  // namespace agop
