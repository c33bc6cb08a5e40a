#pragma once
// The real CLEVR-XAI release (Arras, Osman & Samek 2022; github.com/ahmedmagdiosman/clevr-xai),
// read in its own layout (eval/README.md: the data directory of the ground-truth step), and the
// image-classification task built from it. Above the engine: PNG through Cairo, JSON through
// nlohmann-json.
//
// Files read from the directory DIR, and nothing else:
//   DIR/CLEVR_questions.json       {"questions": [{question_index, image_filename (or image),
//                                  answer, program: [{type (or function), ...}], ...}]}
//   DIR/images/<image_filename>    the renders (PNG, 320x480 RGBA in the release), only those of
//                                  the questions used
//   DIR/ground_truth/<q>.npy       the question's ground-truth mask (np.save of a boolean HxW
//                                  array, 128x128 in the release; eval.py's per-question layout),
//                                  or DIR/ground_truth/<q>.npz holding that one array (np.savez)
//
// The task (a documented choice, papers.md Part A; the AGOP paper does not state its own):
// CLEVR-XAI is VQA, so each simple question whose program ends in query_shape ("What shape is
// the ...?") is one sample: its image, its answer as the label (sphere 0, cube 1, cylinder 2, as
// the stand-in) and its GT Single Object mask. The classifier sees the image only, not the
// question: where a scene holds objects of several shapes the image alone does not determine
// the answer (the stand-in avoids this with its unique red object), which bounds the accuracy.
// Other questions are skipped. Images are resized to the mask size bilinearly
// (F.interpolate(mode="bilinear", align_corners=False), no antialiasing), RGB in [0, 1]; alpha is
// dropped (the renders are opaque).

#include <cstdint>
#include <string>
#include <vector>

#include "experiments/clevr_style_scenes.hpp"

namespace agop {

// The name every output on the real data carries.
inline constexpr const char* kClevrXaiName = "CLEVR-XAI";

struct ClevrXaiTask {
    // name kClevrXaiName, is_stand_in false; images (Q, 3, S, S) in [0, 1], labels (Q), masks
    // (Q, 1, S, S) 0/1, class_names {sphere, cube, cylinder}, stratified 80/10/10 split; the
    // stand-in's config, pretext_labels and scenes stay empty.
    ClevrStyleData data;
    std::vector<std::int64_t> question_indices;  // (Q) question_index of each sample
    std::vector<std::string> image_files;        // (Q) file under images/ of each sample
    std::size_t questions_in_file = 0;           // every question of CLEVR_questions.json
    std::size_t shape_questions = 0;             // of which end in query_shape (before the cap)
    std::size_t images_read = 0;                 // distinct PNGs read
};

// Reads DIR as above: the query_shape questions in question_index order, the first
// `max_questions` of them (0: all); the split drawn from Rng::stream(split_seed, 0). Throws
// agop::Error naming the file (and question) when a file is missing, unreadable or
// inconsistent: no CLEVR_questions.json, a question without the fields above, a
// question_index used twice, an answer that is not a shape, a missing image or mask, a mask
// that is not 2-D, not square, of another size than the first, empty, or not finite, a hostile
// .npz.
ClevrXaiTask read_clevr_xai_release(const std::string& directory, std::size_t max_questions, std::uint64_t split_seed);

}  // namespace agop
