#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "autodiff/error.hpp"
#include "experiments/clevr_style_scenes.hpp"

using namespace agop;

namespace {

ClevrStyleConfig small(ClevrStyleTask task, std::size_t n = 60) {
    ClevrStyleConfig c;
    c.task = task;
    c.n_images = n;
    c.seed = 2;
    return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(clevr_style_scenes)

BOOST_AUTO_TEST_CASE(outputs_say_they_are_a_stand_in_and_have_the_stated_shapes) {
    const auto d = generate_clevr_style_scenes(small(ClevrStyleTask::unique_red_shape));
    BOOST_TEST(d.is_stand_in);
    BOOST_TEST(d.name.find("stand-in") != std::string::npos);
    BOOST_TEST(d.images.shape() == Shape({60, 3, 64, 64}), boost::test_tools::per_element());
    BOOST_TEST(d.masks.shape() == Shape({60, 1, 64, 64}), boost::test_tools::per_element());
    BOOST_TEST(d.class_names == std::vector<std::string>({"sphere", "cube", "cylinder"}));
    BOOST_TEST(*std::min_element(d.images.begin(), d.images.end()) >= 0.0f);
    BOOST_TEST(*std::max_element(d.images.begin(), d.images.end()) <= 1.0f);
    BOOST_TEST(d.train_indices.size() + d.validation_indices.size() + d.test_indices.size() == 60u);
}

BOOST_AUTO_TEST_CASE(unique_red_object_gives_the_label_and_its_visible_pixels_the_mask) {
    const auto d = generate_clevr_style_scenes(small(ClevrStyleTask::unique_red_shape));
    for (std::size_t i = 0; i < 60; ++i) {
        const auto& scene = d.scenes[i];
        BOOST_TEST(scene.size() >= 3u);
        BOOST_TEST(scene.size() <= 8u);
        const auto red = std::count_if(scene.begin(), scene.end(), [](const ClevrObject& o) { return o.colour == ClevrColour::red; });
        BOOST_TEST(red == 1);
        const auto& target = *std::find_if(scene.begin(), scene.end(), [](const ClevrObject& o) { return o.colour == ClevrColour::red; });
        BOOST_TEST(static_cast<int>(target.shape) == d.labels[i]);
        float mask_pixels = 0;
        for (std::size_t p = 0; p < 64 * 64; ++p) mask_pixels += d.masks.data()[i * 64 * 64 + p];
        BOOST_TEST(mask_pixels == static_cast<float>(target.visible_pixels));
        BOOST_TEST(mask_pixels > 0.0f);
        // The mask's pixels are reddish: more red than blue on average.
        double red_sum = 0, blue_sum = 0;
        for (std::size_t p = 0; p < 64 * 64; ++p)
            if (d.masks.data()[i * 64 * 64 + p] != 0.0f) {
                red_sum += d.images(i, 0, p / 64, p % 64);
                blue_sum += d.images(i, 2, p / 64, p % 64);
            }
        BOOST_TEST(red_sum > 2 * blue_sum);
    }
    for (int c = 0; c < 3; ++c) BOOST_TEST(std::count(d.labels.begin(), d.labels.end(), c) == 20);
}

BOOST_AUTO_TEST_CASE(largest_pair_task_masks_both_large_objects_and_labels_colour_equality) {
    const auto d = generate_clevr_style_scenes(small(ClevrStyleTask::largest_pair_same_colour));
    BOOST_TEST(d.class_names.size() == 2u);
    for (std::size_t i = 0; i < 60; ++i) {
        auto scene = d.scenes[i];
        std::sort(scene.begin(), scene.end(), [](const ClevrObject& a, const ClevrObject& b) { return a.radius > b.radius; });
        BOOST_TEST(d.labels[i] == (scene[0].colour == scene[1].colour ? 1 : 0));
        BOOST_TEST(scene[1].radius > 1.2 * scene[2].radius);  // the two largest are clearly the largest
        float mask_pixels = 0;
        for (std::size_t p = 0; p < 64 * 64; ++p) mask_pixels += d.masks.data()[i * 64 * 64 + p];
        BOOST_TEST(mask_pixels == static_cast<float>(scene[0].visible_pixels + scene[1].visible_pixels));
        const auto largest = std::max_element(d.scenes[i].begin(), d.scenes[i].end(),
                                              [](const ClevrObject& a, const ClevrObject& b) { return a.radius < b.radius; });
        BOOST_TEST(d.pretext_labels[i] == static_cast<int>(largest->shape));
    }
    BOOST_TEST(std::count(d.labels.begin(), d.labels.end(), 1) == 30);
}

BOOST_AUTO_TEST_CASE(deterministic_per_image_and_128_pixel_option) {
    auto c = small(ClevrStyleTask::unique_red_shape, 6);
    const auto a = generate_clevr_style_scenes(c), b = generate_clevr_style_scenes(c);
    BOOST_TEST(bit_identical(a.images, b.images));
    BOOST_TEST(bit_identical(a.masks, b.masks));
    c.n_images = 3;  // image i depends only on (seed, i)
    const auto prefix = generate_clevr_style_scenes(c);
    BOOST_TEST(std::equal(prefix.images.begin(), prefix.images.end(), a.images.begin()));
    c.image_size = 128;
    BOOST_TEST(generate_clevr_style_scenes(c).images.shape()[3] == 128u);
    c.image_size = 64;
    c.seed = 3;
    BOOST_TEST(!std::equal(generate_clevr_style_scenes(c).images.begin(), generate_clevr_style_scenes(c).images.end(),
                           prefix.images.begin()));
}

BOOST_AUTO_TEST_CASE(names_and_bad_configs) {
    BOOST_TEST(clevr_shape_name(ClevrShape::cylinder) == "cylinder");
    BOOST_TEST(clevr_colour_name(ClevrColour::red) == "red");
    auto c = small(ClevrStyleTask::unique_red_shape, 2);
    c.image_size = 16;
    BOOST_CHECK_THROW(generate_clevr_style_scenes(c), Error);
    c = small(ClevrStyleTask::unique_red_shape, 2);
    c.min_objects = 9;
    BOOST_CHECK_THROW(generate_clevr_style_scenes(c), Error);
}

BOOST_AUTO_TEST_SUITE_END()
