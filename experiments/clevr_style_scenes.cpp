#include "experiments/clevr_style_scenes.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/stratified_split.hpp"

namespace agop {

namespace {

constexpr std::size_t kColours = 8;
const double kRgb[kColours][3] = {{0.68, 0.13, 0.13}, {0.50, 0.50, 0.50}, {0.16, 0.29, 0.84}, {0.11, 0.41, 0.08},
                                  {0.51, 0.29, 0.10}, {0.51, 0.15, 0.75}, {0.16, 0.82, 0.82}, {1.00, 0.93, 0.20}};
// Radii as fractions of the image size: small, medium, large.
const double kRadius[3] = {0.055, 0.08, 0.115};

// Shading factor in [0, 1.3] of the object's colour at offset (dx, dy) from its centre, in units
// of its radius; negative when the pixel is outside the object.
double shade(ClevrShape shape, double dx, double dy) {
    switch (shape) {
        case ClevrShape::sphere: {
            const double r2 = dx * dx + dy * dy;
            if (r2 > 1.0) return -1.0;
            const double nz = std::sqrt(1.0 - r2);
            // Light from the upper left, plus a specular highlight.
            const double lambert = std::max(0.0, -0.5 * dx - 0.5 * dy + 0.7 * nz);
            const double highlight = std::pow(std::max(0.0, 1.0 - 6.0 * ((dx + 0.35) * (dx + 0.35) + (dy + 0.35) * (dy + 0.35))), 2);
            return 0.25 + 0.8 * lambert + 0.4 * highlight;
        }
        case ClevrShape::cube: {
            if (std::fabs(dx) > 0.85 || dy > 0.85 || dy < -0.85) return -1.0;
            return dy < -0.35 ? 1.15 : 0.8;  // lighter top face above the front face
        }
        case ClevrShape::cylinder: {
            if (std::fabs(dx) > 0.8) return -1.0;
            const double cap = (dy + 0.55) * (dy + 0.55) / 0.09 + dx * dx / 0.64;  // elliptical top
            if (dy < -0.55 && cap > 1.0) return -1.0;
            if (dy > 0.85) return -1.0;
            if (cap <= 1.0) return 1.2;
            return 0.35 + 0.7 * std::cos(1.2 * dx - 0.3);  // round body, lit from the left
        }
    }
    return -1.0;
}

struct SceneDraw {
    std::vector<ClevrObject> objects;
    std::vector<int> owner;  // (S*S) index of the visible object at each pixel, -1 for floor
};

// Draws the objects far to near into the (3, S, S) image slice and records pixel ownership.
SceneDraw render(std::vector<ClevrObject> objects, float* image, std::size_t size, Rng& rng, double noise) {
    std::stable_sort(objects.begin(), objects.end(),
                     [](const ClevrObject& a, const ClevrObject& b) { return a.centre_y < b.centre_y; });
    const std::size_t pixels = size * size;
    SceneDraw draw;
    draw.owner.assign(pixels, -1);
    for (std::size_t p = 0; p < pixels; ++p) {
        const double floor = 0.42 + 0.12 * static_cast<double>(p / size) / static_cast<double>(size);
        for (std::size_t ch = 0; ch < 3; ++ch) image[ch * pixels + p] = static_cast<float>(floor);
    }
    for (std::size_t k = 0; k < objects.size(); ++k) {
        const ClevrObject& o = objects[k];
        const long x0 = std::max(0L, static_cast<long>(o.centre_x - o.radius) - 1);
        const long x1 = std::min(static_cast<long>(size) - 1, static_cast<long>(o.centre_x + o.radius) + 1);
        const long y0 = std::max(0L, static_cast<long>(o.centre_y - o.radius) - 1);
        const long y1 = std::min(static_cast<long>(size) - 1, static_cast<long>(o.centre_y + o.radius) + 1);
        for (long y = y0; y <= y1; ++y)
            for (long x = x0; x <= x1; ++x) {
                const double s = shade(o.shape, (x + 0.5 - o.centre_x) / o.radius, (y + 0.5 - o.centre_y) / o.radius);
                if (s < 0.0) continue;
                const std::size_t p = static_cast<std::size_t>(y) * size + static_cast<std::size_t>(x);
                draw.owner[p] = static_cast<int>(k);
                for (std::size_t ch = 0; ch < 3; ++ch)
                    image[ch * pixels + p] = static_cast<float>(std::min(1.0, s * kRgb[static_cast<int>(o.colour)][ch]));
            }
    }
    for (std::size_t e = 0; e < 3 * pixels; ++e)
        image[e] = static_cast<float>(std::clamp(image[e] + rng.normal(0.0, noise), 0.0, 1.0));
    for (int k : draw.owner)
        if (k >= 0) ++objects[static_cast<std::size_t>(k)].visible_pixels;
    draw.objects = std::move(objects);
    return draw;
}

// Object properties for one scene of the task; `label` is the scene's intended task label.
std::vector<ClevrObject> compose(const ClevrStyleConfig& c, int label, Rng& rng) {
    const std::size_t count = c.min_objects + rng.uniform_index(c.max_objects - c.min_objects + 1);
    const double size = static_cast<double>(c.image_size);
    std::vector<ClevrObject> objects(count);
    for (std::size_t k = 0; k < count; ++k) {
        ClevrObject& o = objects[k];
        o.shape = static_cast<ClevrShape>(rng.uniform_index(3));
        o.colour = static_cast<ClevrColour>(1 + rng.uniform_index(kColours - 1));  // not red
        o.radius = size * kRadius[rng.uniform_index(2)] * rng.uniform(0.9, 1.1);
        o.visible_pixels = 0;
    }
    if (c.task == ClevrStyleTask::unique_red_shape) {
        objects[0].colour = ClevrColour::red;
        objects[0].shape = static_cast<ClevrShape>(label);
        objects[0].radius = size * kRadius[rng.uniform_index(3)] * rng.uniform(0.9, 1.1);
    } else {
        // Exactly two large objects (the rest small or medium), sharing a colour iff label 1.
        for (std::size_t k = 0; k < 2; ++k) {
            objects[k].radius = size * kRadius[2] * rng.uniform(0.95, 1.05);
            objects[k].colour = static_cast<ClevrColour>(rng.uniform_index(kColours));
        }
        if (label == 1) objects[1].colour = objects[0].colour;
        else if (objects[1].colour == objects[0].colour)
            objects[1].colour = static_cast<ClevrColour>((static_cast<std::size_t>(objects[0].colour) + 1 +
                                                          rng.uniform_index(kColours - 1)) % kColours);
    }
    // Positions: uniform inside a margin, centres kept apart so that objects overlap at most partly.
    for (std::size_t k = 0; k < count; ++k) {
        ClevrObject& o = objects[k];
        for (int attempt = 0; attempt < 100; ++attempt) {
            o.centre_x = rng.uniform(o.radius, size - o.radius);
            o.centre_y = rng.uniform(o.radius, size - o.radius);
            bool clear = true;
            for (std::size_t j = 0; j < k; ++j) {
                const double dx = o.centre_x - objects[j].centre_x, dy = o.centre_y - objects[j].centre_y;
                clear = clear && std::sqrt(dx * dx + dy * dy) > 0.9 * (o.radius + objects[j].radius);
            }
            if (clear) break;
        }
    }
    return objects;
}

bool is_target(const ClevrStyleConfig& c, const ClevrObject& o) {
    return c.task == ClevrStyleTask::unique_red_shape ? o.colour == ClevrColour::red
                                                      : o.radius > static_cast<double>(c.image_size) * 0.5 *
                                                                       (kRadius[1] + kRadius[2]);
}

}  // namespace

std::string clevr_shape_name(ClevrShape shape) {
    const char* names[] = {"sphere", "cube", "cylinder"};
    return names[static_cast<int>(shape)];
}

std::string clevr_colour_name(ClevrColour colour) {
    const char* names[] = {"red", "gray", "blue", "green", "brown", "purple", "cyan", "yellow"};
    return names[static_cast<int>(colour)];
}

ClevrStyleData generate_clevr_style_scenes(const ClevrStyleConfig& config) {
    if (config.image_size < 32) throw Error("CLEVR-style scenes: image_size must be at least 32; got " + std::to_string(config.image_size));
    if (config.min_objects < 2 || config.min_objects > config.max_objects)
        throw Error("CLEVR-style scenes: need 2 <= min_objects <= max_objects; got " + std::to_string(config.min_objects) +
                    " and " + std::to_string(config.max_objects));
    if (config.split.size() != 3) throw Error("CLEVR-style scenes: split needs three fractions (train, validation, test)");
    const std::size_t n = config.n_images, size = config.image_size, pixels = size * size;
    const int n_classes = config.task == ClevrStyleTask::unique_red_shape ? 3 : 2;
    ClevrStyleData data;
    data.config = config;
    data.class_names = config.task == ClevrStyleTask::unique_red_shape
                           ? std::vector<std::string>{"sphere", "cube", "cylinder"}
                           : std::vector<std::string>{"different colours", "same colour"};
    data.images = filled({n, 3, size, size}, 0.0f);
    data.masks = filled({n, 1, size, size}, 0.0f);
    data.labels.resize(n);
    data.pretext_labels.resize(n);
    data.scenes.resize(n);

    for (std::size_t i = 0; i < n; ++i) {
        Rng rng = Rng::stream(config.seed, i);
        const int label = static_cast<int>(i % static_cast<std::size_t>(n_classes));
        // Redraw until every target object shows at least a third of its drawn area.
        SceneDraw draw;
        for (int attempt = 0;; ++attempt) {
            draw = render(compose(config, label, rng), data.images.data() + i * 3 * pixels, size, rng,
                          config.pixel_noise_std);
            bool visible = true;
            for (const auto& o : draw.objects)
                if (is_target(config, o)) visible = visible && o.visible_pixels > 0.33 * 3.0 * o.radius * o.radius;
            if (visible || attempt == 50) break;
        }
        float* mask = data.masks.data() + i * pixels;
        for (std::size_t p = 0; p < pixels; ++p)
            if (draw.owner[p] >= 0 && is_target(config, draw.objects[static_cast<std::size_t>(draw.owner[p])])) mask[p] = 1.0f;
        const auto largest = std::max_element(draw.objects.begin(), draw.objects.end(),
                                              [](const ClevrObject& a, const ClevrObject& b) { return a.radius < b.radius; });
        data.labels[i] = label;
        data.pretext_labels[i] = static_cast<int>(largest->shape);
        data.scenes[i] = std::move(draw.objects);
    }

    split_train_validation_test(data, config.split, Rng::stream(config.seed, std::uint64_t{1} << 63));
    return data;
}

}  // namespace agop
