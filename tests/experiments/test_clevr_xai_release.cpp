// The CLEVR-XAI release reader on the tiny fixture in the release's layout
// (tests/fixtures/clevr_xai, written by NumPy and PIL through make_fixture.py), and its refusals
// on damaged copies of it.

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "autodiff/error.hpp"
#include "data/npy.hpp"
#include "experiments/clevr_xai_release.hpp"
#include "experiments/image_clevr_xai.hpp"
#include "support/expect_error.hpp"

using namespace agop;
namespace fs = std::filesystem;

namespace {

fs::path fixture() {
    const char* tests = std::getenv("AGOP_TEST_DIR");
    BOOST_REQUIRE_MESSAGE(tests, "AGOP_TEST_DIR is not set (ctest sets it)");
    return fs::path(tests) / "fixtures" / "clevr_xai";
}

// A fresh copy of the fixture to damage.
fs::path fixture_copy(const std::string& name) {
    static int counter = 0;
    const fs::path dir = fs::temp_directory_path() / ("agop_clevr_xai_" + std::to_string(::getpid()) + "_" +
                                                      std::to_string(counter++) + "_" + name);
    fs::remove_all(dir);
    fs::copy(fixture(), dir, fs::copy_options::recursive);
    return dir;
}

nlohmann::json fixture_questions() {
    std::ifstream in(fixture() / "CLEVR_questions.json");
    return nlohmann::json::parse(in);
}

float at(const Tensor& t, std::size_t i, std::size_t c, std::size_t y, std::size_t x) {
    const auto& s = t.shape();
    return t.data()[((i * s[1] + c) * s[2] + y) * s[3] + x];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(clevr_xai_release)

BOOST_AUTO_TEST_CASE(shape_questions_become_samples_with_their_answer_and_mask) {
    const ClevrXaiTask task = read_clevr_xai_release(fixture().string(), 0, 7);
    const ClevrStyleData& d = task.data;
    BOOST_TEST(d.name == std::string(kClevrXaiName));
    BOOST_TEST(!d.is_stand_in);
    BOOST_TEST(task.questions_in_file == 32u);
    BOOST_TEST(task.shape_questions == 24u);
    BOOST_TEST(task.images_read == 8u);

    // Independently of the reader: the query_shape questions of the JSON, their answers.
    const std::map<std::string, int> label_of = {{"sphere", 0}, {"cube", 1}, {"cylinder", 2}};
    std::vector<std::int64_t> indices;
    std::vector<int> labels;
    std::vector<std::string> images;
    const nlohmann::json questions = fixture_questions();
    for (const auto& q : questions["questions"]) {
        if (q["program"].back()["type"] != "query_shape") continue;
        indices.push_back(q["question_index"]);
        labels.push_back(label_of.at(q["answer"]));
        images.push_back(q["image_filename"]);
    }
    BOOST_TEST(task.question_indices == indices, boost::test_tools::per_element());
    BOOST_TEST(d.labels == labels, boost::test_tools::per_element());
    BOOST_TEST(task.image_files == images, boost::test_tools::per_element());
    BOOST_TEST((d.class_names == std::vector<std::string>{"sphere", "cube", "cylinder"}));
    BOOST_TEST((d.images.shape() == Shape{24, 3, 32, 32}));
    BOOST_TEST((d.masks.shape() == Shape{24, 1, 32, 32}));

    // Masks: the .npy files read back through read_npy, and the two .npz ones (questions 4 and 9)
    // against the rectangle make_fixture.py drew: rows 8..23, columns 10c+1..10c+9 of column c.
    for (std::size_t i = 0; i < indices.size(); ++i) {
        const fs::path npy = fixture() / "ground_truth" / (std::to_string(indices[i]) + ".npy");
        const std::size_t column = static_cast<std::size_t>(indices[i] % 4);
        for (std::size_t y = 0; y < 32; ++y)
            for (std::size_t x = 0; x < 32; ++x) {
                const float got = at(d.masks, i, 0, y, x);
                if (fs::exists(npy)) {
                    BOOST_TEST_REQUIRE(got == float(read_npy(npy.string()).bytes[y * 32 + x]));
                } else {
                    const bool inside = y >= 8 && y < 24 && x >= 10 * column + 1 && x < 10 * column + 10;
                    BOOST_TEST_REQUIRE(got == (inside ? 1.0f : 0.0f));
                }
            }
    }

    // Images: questions on one image share it; the object's colour survives the 8x12 -> 32x32
    // resize inside the object (image 0, column 0 is (173, 35, 35) on rows 2..5, columns 0..2:
    // output (15, 3) samples input (3.375, 0.8125), all four neighbours inside it).
    for (std::size_t c = 0; c < 3; ++c) BOOST_TEST(at(d.images, 0, c, 15, 3) == at(d.images, 1, c, 15, 3));
    BOOST_TEST(at(d.images, 0, 0, 15, 3) == 173 / 255.0f, boost::test_tools::tolerance(1e-6f));
    BOOST_TEST(at(d.images, 0, 1, 15, 3) == 35 / 255.0f, boost::test_tools::tolerance(1e-6f));
    BOOST_TEST(at(d.images, 0, 0, 0, 0) == 128 / 255.0f, boost::test_tools::tolerance(1e-6f));  // the floor
    // the first question of image 1 asks about another object: a different image
    BOOST_TEST(at(d.images, 3, 0, 15, 3) != at(d.images, 0, 0, 15, 3));
}

BOOST_AUTO_TEST_CASE(the_split_covers_every_question_once_stratified_by_answer) {
    const ClevrStyleData d = read_clevr_xai_release(fixture().string(), 0, 7).data;
    std::multiset<std::size_t> all(d.train_indices.begin(), d.train_indices.end());
    all.insert(d.validation_indices.begin(), d.validation_indices.end());
    all.insert(d.test_indices.begin(), d.test_indices.end());
    BOOST_TEST(all.size() == 24u);
    BOOST_TEST(std::set<std::size_t>(all.begin(), all.end()).size() == 24u);
    std::multiset<int> test_labels;
    for (std::size_t i : d.test_indices) test_labels.insert(d.labels[i]);
    BOOST_TEST((test_labels == std::multiset<int>{0, 1, 2}));  // 8 per answer: 6 / 1 / 1
}

BOOST_AUTO_TEST_CASE(the_cap_keeps_the_first_questions_in_question_index_order) {
    const ClevrXaiTask task = read_clevr_xai_release(fixture().string(), 5, 7);
    BOOST_TEST((task.question_indices == std::vector<std::int64_t>{0, 1, 2, 4, 5}));
    BOOST_TEST(task.data.labels.size() == 5u);
}

BOOST_AUTO_TEST_CASE(a_missing_questions_file_is_named) {
    const fs::path dir = fixture_copy("no_questions");
    fs::remove(dir / "CLEVR_questions.json");
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); },
                            {(dir / "CLEVR_questions.json").string(), "not found"});
}

BOOST_AUTO_TEST_CASE(a_missing_mask_is_named) {
    const fs::path dir = fixture_copy("no_mask");
    fs::remove(dir / "ground_truth" / "5.npy");
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); },
                            {"question 5", (dir / "ground_truth" / "5.npy").string()});
}

BOOST_AUTO_TEST_CASE(a_mask_of_another_size_is_named) {
    const fs::path dir = fixture_copy("mask_size");
    NpyArray small;
    small.dtype = NpyDtype::uint8;
    small.shape = {16, 16};
    small.bytes.assign(256, 1);
    write_npy((dir / "ground_truth" / "5.npy").string(), small);
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); },
                            {(dir / "ground_truth" / "5.npy").string(), "16x16", "32x32", "one size"});
}

BOOST_AUTO_TEST_CASE(an_empty_or_non_2d_mask_is_named) {
    const fs::path dir = fixture_copy("mask_bad");
    NpyArray empty;
    empty.dtype = NpyDtype::uint8;
    empty.shape = {32, 32};
    empty.bytes.assign(32 * 32, 0);
    write_npy((dir / "ground_truth" / "5.npy").string(), empty);
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); }, {"5.npy", "empty"});
    NpyArray flat = empty;
    flat.shape = {1024};
    write_npy((dir / "ground_truth" / "5.npy").string(), flat);
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); }, {"5.npy", "square 2-D"});
}

BOOST_AUTO_TEST_CASE(a_question_naming_a_missing_image_is_named) {
    const fs::path dir = fixture_copy("no_image");
    fs::remove(dir / "images" / "CLEVR_unique_000003.png");
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); },
                            {"question 12", (dir / "images" / "CLEVR_unique_000003.png").string(), "does not exist"});
}

BOOST_AUTO_TEST_CASE(a_hostile_or_deflated_npz_mask_is_refused_by_name) {
    const fs::path dir = fixture_copy("npz");
    const fs::path npz = dir / "ground_truth" / "4.npz";
    const auto size = fs::file_size(npz);
    fs::resize_file(npz, size - 30);
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); }, {npz.string()});
    fs::copy_file(fixture() / ".." / "npz" / "deflated.npz", npz, fs::copy_options::overwrite_existing);
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); }, {npz.string(), "deflated"});
}

BOOST_AUTO_TEST_CASE(an_answer_that_is_not_a_shape_a_repeated_index_and_bad_json_are_named) {
    const fs::path dir = fixture_copy("answer");
    nlohmann::json questions = fixture_questions();
    questions["questions"][1]["answer"] = "red";
    std::ofstream(dir / "CLEVR_questions.json") << questions.dump();
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); },
                            {(dir / "CLEVR_questions.json").string(), "question 1", "'red'"});
    questions["questions"][1]["answer"] = "cube";
    questions["questions"][2]["question_index"] = 1;
    std::ofstream(dir / "CLEVR_questions.json") << questions.dump();
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); },
                            {(dir / "CLEVR_questions.json").string(), "question_index 1 occurs twice"});
    std::ofstream(dir / "CLEVR_questions.json") << "{\"questions\": [";
    expect_error_mentioning([&] { read_clevr_xai_release(dir.string(), 0, 7); },
                            {(dir / "CLEVR_questions.json").string(), "not valid JSON"});
}

BOOST_AUTO_TEST_CASE(masks_under_the_pipelines_smallest_size_are_refused_before_training) {
    const fs::path dir = fixture_copy("small");
    for (const auto& entry : fs::directory_iterator(dir / "ground_truth")) fs::remove(entry.path());
    NpyArray small;
    small.dtype = NpyDtype::uint8;
    small.shape = {16, 16};
    small.bytes.assign(256, 1);
    const nlohmann::json questions = fixture_questions();
    for (const auto& q : questions["questions"])
        write_npy((dir / "ground_truth" / (std::to_string(q["question_index"].get<int>()) + ".npy")).string(), small);
    ClevrStyleRunSizes sizes;
    expect_error_mentioning([&] { read_clevr_xai_task(dir.string(), sizes, 7); }, {"16x16", "at least 32x32"});
}

BOOST_AUTO_TEST_SUITE_END()
