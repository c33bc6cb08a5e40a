#include "figures/cairo_bytes.hpp"

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"

namespace agop::cli {

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void write_png_and_destroy(cairo_surface_t* surface, const std::string& path, const std::string& what) {
    std::string png;
    const cairo_status_t status = cairo_surface_write_to_png_stream(surface, append_to_string, &png);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) throw Error(what + ": " + cairo_status_to_string(status));
    write_text_file_atomically(path, png);
}

}  // namespace agop::cli
