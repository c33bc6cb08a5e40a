#include "experiments/clevr_xai_release.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "attribution/bilinear_upsample.hpp"
#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/npy.hpp"
#include "data/npz.hpp"
#include "data/stratified_split.hpp"
#include "experiments/json_file.hpp"
#include "figures/png_images.hpp"

namespace agop {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The stand-in's label order (ClevrShape), so that both tasks share class indices.
const std::vector<std::string> kShapes = {"sphere", "cube", "cylinder"};

struct ShapeQuestion {
    std::int64_t question_index;
    std::string image_file;
    int label;
};

// The query_shape questions of the file, in question_index order.
std::vector<ShapeQuestion> shape_questions(const json& file, const fs::path& path, std::size_t& total) {
    if (!file.is_object() || !file.contains("questions") || !file["questions"].is_array())
        throw Error("CLEVR-XAI: " + path.string() + " has no \"questions\" array");
    const json& questions = file["questions"];
    total = questions.size();
    std::vector<ShapeQuestion> out;
    for (std::size_t i = 0; i < questions.size(); ++i) {
        const json& q = questions[i];
        const std::string where = path.string() + ", question " + std::to_string(i);
        if (!q.is_object() || !q.contains("question_index") || !q["question_index"].is_number_integer())
            throw Error("CLEVR-XAI: " + where + " has no integer \"question_index\"");
        if (!q.contains("program") || !q["program"].is_array() || q["program"].empty())
            throw Error("CLEVR-XAI: " + where + " has no \"program\" list");
        const json& last = q["program"].back();
        const char* key = last.contains("type") ? "type" : "function";
        if (!last.is_object() || !last.contains(key) || !last[key].is_string())
            throw Error("CLEVR-XAI: " + where + ": its program's last step has no \"type\" (or \"function\")");
        if (last[key].get<std::string>() != "query_shape") continue;
        ShapeQuestion s;
        s.question_index = q["question_index"].get<std::int64_t>();
        if (s.question_index < 0) throw Error("CLEVR-XAI: " + where + " has a negative question_index");
        if (q.contains("image_filename") && q["image_filename"].is_string())
            s.image_file = q["image_filename"].get<std::string>();
        else if (q.contains("image") && q["image"].is_string())
            s.image_file = q["image"].get<std::string>() + ".png";
        else
            throw Error("CLEVR-XAI: " + where + " names no image (\"image_filename\" or \"image\")");
        if (fs::path(s.image_file).filename().string() != s.image_file)
            throw Error("CLEVR-XAI: " + where + ": image '" + s.image_file + "' must be a file name under images/");
        if (!q.contains("answer") || !q["answer"].is_string())
            throw Error("CLEVR-XAI: " + where + " has no \"answer\" text");
        const std::string answer = q["answer"].get<std::string>();
        const auto shape = std::find(kShapes.begin(), kShapes.end(), answer);
        if (shape == kShapes.end())
            throw Error("CLEVR-XAI: " + where + " asks for a shape but answers '" + answer +
                        "' (expected sphere, cube or cylinder)");
        s.label = static_cast<int>(shape - kShapes.begin());
        out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(), [](const ShapeQuestion& a, const ShapeQuestion& b) {
        return a.question_index < b.question_index;
    });
    for (std::size_t k = 1; k < out.size(); ++k)
        if (out[k].question_index == out[k - 1].question_index)
            throw Error("CLEVR-XAI: " + path.string() + ": question_index " + std::to_string(out[k].question_index) +
                        " occurs twice; each question's mask is named by it");
    return out;
}

// The mask of question q: ground_truth/q.npy, else the one array of ground_truth/q.npz.
NpyArray read_mask_array(const fs::path& folder, std::int64_t q, std::string& file) {
    const fs::path npy = folder / (std::to_string(q) + ".npy"), npz = folder / (std::to_string(q) + ".npz");
    if (fs::is_regular_file(npy)) {
        file = npy.string();
        return read_npy(file);
    }
    if (fs::is_regular_file(npz)) {
        file = npz.string();
        std::vector<NpzMember> members = read_npz(file);
        if (members.size() != 1)
            throw Error("CLEVR-XAI: " + file + " holds " + std::to_string(members.size()) +
                        " arrays; expected the question's mask alone");
        return std::move(members[0].array);
    }
    throw Error("CLEVR-XAI: no ground-truth mask for question " + std::to_string(q) + ": expected " + npy.string() +
                " (or .npz)");
}

// The mask as 0/1 floats, checked: 2-D, square, finite, not empty, `side` x `side` when side > 0.
Tensor read_mask(const fs::path& folder, std::int64_t q, std::size_t side) {
    std::string file;
    const NpyArray array = read_mask_array(folder, q, file);
    if (array.shape.size() != 2 || array.shape[0] != array.shape[1])
        throw Error("CLEVR-XAI: " + file + ": the mask has shape " + shape_string(array.shape) +
                    "; expected a square 2-D array (128x128 in the release)");
    if (side > 0 && array.shape[0] != side)
        throw Error("CLEVR-XAI: " + file + ": the mask is " + std::to_string(array.shape[0]) + "x" +
                    std::to_string(array.shape[1]) + " but the first question's is " + std::to_string(side) + "x" +
                    std::to_string(side) + "; every mask must have one size");
    Tensor values = Tensor::from_shape(array.shape);
    const std::size_t item = npy_item_size(array.dtype);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const unsigned char* p = array.bytes.data() + i * item;
        double v = 0;
        switch (array.dtype) {
            case NpyDtype::uint8:
                v = p[0];
                break;
            case NpyDtype::float32: {
                float f;
                std::memcpy(&f, p, 4);
                v = f;
                break;
            }
            case NpyDtype::float64:
                std::memcpy(&v, p, 8);
                break;
            case NpyDtype::int64: {
                std::int64_t k;
                std::memcpy(&k, p, 8);
                v = static_cast<double>(k);
                break;
            }
        }
        if (!std::isfinite(v)) throw Error("CLEVR-XAI: " + file + ": the mask holds a non-finite value");
        values.data()[i] = v != 0 ? 1.0f : 0.0f;  // nonzero = inside, as eval.py's boolean masks
    }
    if (std::none_of(values.begin(), values.end(), [](float v) { return v != 0; }))
        throw Error("CLEVR-XAI: " + file + ": the mask is empty (no pixel of the object)");
    return values;
}

}  // namespace

ClevrXaiTask read_clevr_xai_release(const std::string& directory, std::size_t max_questions, std::uint64_t split_seed) {
    const fs::path dir(directory);
    if (!fs::is_directory(dir)) throw Error("CLEVR-XAI: " + directory + " is not a folder");
    const fs::path questions_path = dir / "CLEVR_questions.json", images = dir / "images",
                   mask_folder = dir / "ground_truth";
    for (const fs::path& needed : {questions_path, images, mask_folder})
        if (!fs::exists(needed))
            throw Error("CLEVR-XAI: " + needed.string() +
                        " not found; the release's layout needs CLEVR_questions.json "
                        "(the simple questions), images/ and ground_truth/<question_index>.npy (NOTES / README)");

    ClevrXaiTask task;
    std::vector<ShapeQuestion> questions =
        shape_questions(read_json_file(questions_path, "the CLEVR-XAI questions file"), questions_path, task.questions_in_file);
    task.shape_questions = questions.size();
    if (questions.empty())
        throw Error("CLEVR-XAI: " + questions_path.string() +
                    " holds no question whose program ends in query_shape "
                    "(\"What shape is the ...?\"); the task needs the simple questions (CLEVR-XAI-simple)");
    if (max_questions > 0 && questions.size() > max_questions) questions.resize(max_questions);

    ClevrStyleData& data = task.data;
    data.name = kClevrXaiName;
    data.is_stand_in = false;
    data.class_names = kShapes;
    std::size_t side = 0;
    std::vector<Tensor> masks;
    for (const auto& q : questions) {
        masks.push_back(read_mask(mask_folder, q.question_index, side));
        side = masks.back().shape()[0];
        task.question_indices.push_back(q.question_index);
        task.image_files.push_back(q.image_file);
        data.labels.push_back(q.label);
    }

    const std::size_t n = questions.size(), plane = side * side;
    data.images = Tensor::from_shape({n, 3, side, side});
    data.masks = Tensor::from_shape({n, 1, side, side});
    std::map<std::string, Tensor> by_file;  // each image read once (about 4 questions share one)
    for (std::size_t i = 0; i < n; ++i) {
        auto it = by_file.find(questions[i].image_file);
        if (it == by_file.end()) {
            const fs::path path = images / questions[i].image_file;
            if (!fs::is_regular_file(path))
                throw Error("CLEVR-XAI: question " + std::to_string(questions[i].question_index) + " of " +
                            questions_path.string() + " names image " + path.string() + ", which does not exist");
            Tensor image = cli::read_png_image(path.string(), 3);
            if (image.shape()[1] != side || image.shape()[2] != side) image = bilinear_upsample(image, side, side);
            it = by_file.emplace(questions[i].image_file, std::move(image)).first;
        }
        std::copy(it->second.begin(), it->second.end(), data.images.data() + i * 3 * plane);
        std::copy(masks[i].begin(), masks[i].end(), data.masks.data() + i * plane);
    }
    task.images_read = by_file.size();

    Rng rng = Rng::stream(split_seed, 0);
    const auto parts = stratified_split(data.labels, {0.8, 0.1, 0.1}, rng);
    data.train_indices = parts[0];
    data.validation_indices = parts[1];
    data.test_indices = parts[2];
    return task;
}

}  // namespace agop
