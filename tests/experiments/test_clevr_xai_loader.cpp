#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "data/data_test_support.hpp"
#include "data/npy.hpp"
#include "experiments/clevr_xai_loader.hpp"

using namespace agop;

namespace {

// A release directory with 2 uint8 images (4x4) and 3 questions.
std::filesystem::path write_fixture() {
    const auto dir = test::fresh_temp_dir("clevr_xai");
    NpyArray images;
    images.dtype = NpyDtype::uint8;
    images.shape = {2, 3, 4, 4};
    images.bytes.assign(2 * 3 * 16, 0);
    images.bytes[0] = 255;  // image 0, red channel, pixel (0, 0)
    write_npy((dir / "images.npy").string(), images);
    write_npy_labels((dir / "question_images.npy").string(), {0, 1, 1});
    write_npy_labels((dir / "answers.npy").string(), {2, 0, 1});
    NpyArray masks;
    masks.dtype = NpyDtype::uint8;
    masks.shape = {3, 4, 4};
    masks.bytes.assign(3 * 16, 0);
    masks.bytes[16 + 5] = 1;  // question 1, pixel (1, 1)
    write_npy((dir / "masks_single_object.npy").string(), masks);
    return dir;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(clevr_xai_loader)

BOOST_AUTO_TEST_CASE(reads_a_release_directory) {
    const auto data = load_clevr_xai(write_fixture().string());
    BOOST_TEST(data.images.shape() == Shape({2, 3, 4, 4}), boost::test_tools::per_element());
    BOOST_TEST(data.images(0, 0, 0, 0) == 1.0f);  // uint8 scaled to [0, 1]
    BOOST_TEST(data.question_images == std::vector<std::size_t>({0, 1, 1}));
    BOOST_TEST(data.answers == std::vector<int>({2, 0, 1}));
    BOOST_TEST(data.masks.shape() == Shape({3, 1, 4, 4}), boost::test_tools::per_element());
    BOOST_TEST(data.masks(1, 0, 1, 1) == 1.0f);
    BOOST_TEST(data.masks(0, 0, 1, 1) == 0.0f);
    BOOST_TEST(data.mask_kind == "single_object");
}

BOOST_AUTO_TEST_CASE(missing_files_and_inconsistent_shapes_are_refused) {
    const auto dir = write_fixture();
    try {
        load_clevr_xai(dir.string(), "union");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("masks_union.npy not found") != std::string::npos);
    }
    write_npy_labels((dir / "answers.npy").string(), {2, 0});
    BOOST_CHECK_THROW(load_clevr_xai(dir.string()), Error);
    write_npy_labels((dir / "answers.npy").string(), {2, 0, 1});
    write_npy_labels((dir / "question_images.npy").string(), {0, 1, 5});
    BOOST_CHECK_THROW(load_clevr_xai(dir.string()), Error);
    write_npy_labels((dir / "question_images.npy").string(), {0, 1, 1});
    write_npy_tensor((dir / "masks_single_object.npy").string(), filled({3, 8, 8}, 0.0f));
    BOOST_CHECK_THROW(load_clevr_xai(dir.string()), Error);
}

BOOST_AUTO_TEST_SUITE_END()
