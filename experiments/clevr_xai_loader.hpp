#pragma once
// The real CLEVR-XAI release (Arras, Osman & Samek 2022), where a user has it, converted once to
// .npy files in one directory (papers.md §4.1: masks are released at 128x128; CLEVR-XAI is VQA,
// so a label is the answer to a question and each question has its own ground-truth mask):
//   images.npy               (N, 3, H, W) float32 in [0, 1] or uint8 in [0, 255], NCHW
//   question_images.npy      (Q) int64: the image each question asks about
//   answers.npy              (Q) int64: the class label (answer index) of each question
//   masks_<kind>.npy         (Q, H, W) uint8 (or float32) ground truth, nonzero = inside, for
//                            kind = single_object, all_objects, unique, unique_first_non_empty, union
// Each question becomes one sample: its image, its answer, its mask.

#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

struct ClevrXaiData {
    std::string name = "clevr-xai";
    std::string mask_kind;
    Tensor images;                        // (N, 3, H, W) in [0, 1]
    std::vector<std::size_t> question_images;  // (Q) index into images
    std::vector<int> answers;             // (Q)
    Tensor masks;                         // (Q, 1, H, W) 0/1
};

// Reads the layout above from `directory`; `mask_kind` picks masks_<kind>.npy. Errors name the
// missing file or the inconsistent shapes.
ClevrXaiData load_clevr_xai(const std::string& directory, const std::string& mask_kind = "single_object");

}  // namespace agop
