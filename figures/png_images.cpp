#include "figures/png_images.hpp"

#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "attribution/bilinear_upsample.hpp"
#include "autodiff/error.hpp"

namespace agop::cli {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

Tensor read_png_image(const std::string& path, std::size_t channels) {
    if (channels != 1 && channels != 3)
        throw Error(path + ": PNG images can feed models of 1 or 3 channels, not " + std::to_string(channels));
    cairo_surface_t* surface = cairo_image_surface_create_from_png(path.c_str());
    const cairo_status_t status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        throw Error(path + ": cannot read it as PNG (" + cairo_status_to_string(status) + ")");
    }
    cairo_surface_flush(surface);
    const cairo_format_t format = cairo_image_surface_get_format(surface);
    const int height = cairo_image_surface_get_height(surface), width = cairo_image_surface_get_width(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* pixels = cairo_image_surface_get_data(surface);
    Tensor image = Tensor::from_shape({channels, static_cast<std::size_t>(height), static_cast<std::size_t>(width)});
    const std::size_t plane = static_cast<std::size_t>(height) * width;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            float r, g, b;
            if (format == CAIRO_FORMAT_A8) {  // an alpha-only PNG: its coverage as grey
                r = g = b = pixels[y * stride + x] / 255.0f;
            } else {  // ARGB32 / RGB24: one native-endian uint32 0xAARRGGBB per pixel
                std::uint32_t p;
                std::memcpy(&p, pixels + y * stride + 4 * x, 4);
                r = ((p >> 16) & 0xFF) / 255.0f;
                g = ((p >> 8) & 0xFF) / 255.0f;
                b = (p & 0xFF) / 255.0f;
            }
            const std::size_t at = static_cast<std::size_t>(y) * width + x;
            if (channels == 1) {
                image.data()[at] = 0.299f * r + 0.587f * g + 0.114f * b;
            } else {
                image.data()[at] = r;
                image.data()[plane + at] = g;
                image.data()[2 * plane + at] = b;
            }
        }
    cairo_surface_destroy(surface);
    return image;
}

std::vector<std::string> png_files_in(const std::string& folder) {
    if (!fs::is_directory(folder)) throw Error(folder + ": not a folder of PNG files");
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file() && lower(entry.path().extension().string()) == ".png")
            files.push_back(entry.path().filename().string());
    if (files.empty()) throw Error(folder + ": holds no .png file");
    std::sort(files.begin(), files.end());
    return files;
}

PngFolder read_png_folder(const std::string& folder, std::size_t channels, std::size_t height, std::size_t width,
                          bool resize) {
    PngFolder out;
    out.files = png_files_in(folder);
    std::vector<Tensor> images;
    for (const auto& name : out.files) {
        const std::string path = (fs::path(folder) / name).string();
        Tensor image = read_png_image(path, channels);
        const std::size_t h = image.shape()[1], w = image.shape()[2];
        if (height == 0 || width == 0) {
            height = h;
            width = w;
        }
        if (h != height || w != width) {
            if (!resize)
                throw Error(path + ": is " + std::to_string(w) + "x" + std::to_string(h) +
                            " pixels but the model takes " + std::to_string(width) + "x" + std::to_string(height) +
                            " (allow bilinear resizing, or resize it)");
            image = bilinear_upsample(image, height, width);
            ++out.resized;
        }
        images.push_back(std::move(image));
    }
    const std::size_t sample = channels * height * width;
    out.images = Tensor::from_shape({images.size(), channels, height, width});
    for (std::size_t i = 0; i < images.size(); ++i)
        std::copy(images[i].begin(), images[i].end(), out.images.data() + i * sample);
    return out;
}

}  // namespace agop::cli
