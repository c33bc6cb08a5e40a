#pragma once
// Images from PNG files, read with Cairo (above the engine: an embedded build needs no
// Cairo), as the float tensors the models take.
//
// Cairo decodes every PNG (grey, grey+alpha, RGB, RGBA, palette, 8 or 16 bits) to 8-bit
// RGB; transparent pixels come out composited over black (Cairo premultiplies alpha).
// Values are scaled to [0, 1] (v / 255). For a 1-channel model the pixel becomes its
// luminance 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, what PIL's convert("L") uses), exact
// for grey PNGs; for a 3-channel model it is R, G, B (a grey PNG gives three equal channels).
// A size other than the model's is resized bilinearly (PyTorch's F.interpolate(mode="bilinear",
// align_corners=False), without antialiasing) or refused.

#include <string>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop::cli {

// One PNG as (channels, H, W) in [0, 1]; channels 1 or 3. Throws Error naming the file when
// it cannot be read as PNG.
Tensor read_png_image(const std::string& path, std::size_t channels);

// The *.png files of `folder` (extension in any case), sorted by file name (byte order).
// Throws Error naming the folder when it is not one or holds no PNG.
std::vector<std::string> png_files_in(const std::string& folder);

struct PngFolder {
    Tensor images;                   // (N, channels, height, width) in [0, 1]
    std::vector<std::string> files;  // N file names, in the order of `images`
    std::size_t resized = 0;         // how many had another size and were resized
};

// Every PNG of `folder` in name order at (height, width); height = width = 0 takes the first
// image's size. A differing size is resized when `resize`, else an Error naming the file and
// both sizes.
PngFolder read_png_folder(const std::string& folder, std::size_t channels, std::size_t height, std::size_t width,
                          bool resize);

}  // namespace agop::cli
