#include "experiments/clevr_xai_loader.hpp"

#include <filesystem>

#include "autodiff/error.hpp"
#include "data/npy.hpp"

namespace agop {

ClevrXaiData load_clevr_xai(const std::string& directory, const std::string& mask_kind) {
    const std::filesystem::path dir(directory);
    const std::string masks_file = "masks_" + mask_kind + ".npy";
    std::string missing;
    for (const std::string file : {"images.npy", "question_images.npy", "answers.npy", masks_file.c_str()})
        if (!std::filesystem::is_regular_file(dir / file)) missing += (missing.empty() ? "" : ", ") + (dir / file).string();
    if (!missing.empty())
        throw Error("CLEVR-XAI: " + missing + " not found; data/README.md describes the expected .npy layout "
                    "(images.npy, question_images.npy, answers.npy, masks_<kind>.npy)");

    ClevrXaiData data;
    data.mask_kind = mask_kind;
    const std::string images_path = (dir / "images.npy").string();
    const NpyDtype image_dtype = read_npy(images_path).dtype;
    data.images = read_npy_tensor(images_path);
    if (data.images.dimension() != 4 || data.images.shape()[1] != 3)
        throw_shape_error("CLEVR-XAI " + images_path, "images must be (N, 3, H, W)", shape_of(data.images));
    if (image_dtype == NpyDtype::uint8) data.images /= 255.0f;
    const std::size_t n = data.images.shape()[0], h = data.images.shape()[2], w = data.images.shape()[3];

    const std::vector<int> question_images = read_npy_labels((dir / "question_images.npy").string());
    data.answers = read_npy_labels((dir / "answers.npy").string());
    if (question_images.size() != data.answers.size())
        throw Error("CLEVR-XAI: question_images.npy has " + std::to_string(question_images.size()) +
                    " entries but answers.npy has " + std::to_string(data.answers.size()));
    for (std::size_t q = 0; q < question_images.size(); ++q) {
        if (question_images[q] < 0 || static_cast<std::size_t>(question_images[q]) >= n)
            throw Error("CLEVR-XAI: question_images.npy entry " + std::to_string(q) + " is " +
                        std::to_string(question_images[q]) + ", outside 0.." + std::to_string(n - 1));
        data.question_images.push_back(static_cast<std::size_t>(question_images[q]));
    }

    const std::string masks_path = (dir / masks_file).string();
    Tensor masks = read_npy_tensor(masks_path);
    if (masks.dimension() != 3 || masks.shape()[0] != data.answers.size() || masks.shape()[1] != h || masks.shape()[2] != w)
        throw_shape_error("CLEVR-XAI " + masks_path,
                          "masks must be (Q, H, W) with Q = " + std::to_string(data.answers.size()) +
                              " questions and the images' H, W = " + std::to_string(h) + ", " + std::to_string(w),
                          shape_of(masks));
    data.masks = filled({data.answers.size(), 1, h, w}, 0.0f);
    for (std::size_t e = 0; e < masks.size(); ++e) data.masks.data()[e] = masks.data()[e] != 0.0f ? 1.0f : 0.0f;
    return data;
}

}  // namespace agop
