#pragma once
// Cairo output into memory and files: the write callback every encoder here uses, and a
// surface written as PNG whole or not at all.

#include <cairo.h>

#include <string>

namespace agop::cli {

// Cairo's write callback (cairo_surface_write_to_png_stream, cairo_svg_surface_create_for_stream):
// appends the bytes to the std::string at `closure`.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length);

// Encodes `surface` as PNG, destroys it, and writes the bytes to `path` whole
// (write_text_file_atomically). A failed encoding throws agop::Error("<what>: <Cairo's reason>").
void write_png_and_destroy(cairo_surface_t* surface, const std::string& path, const std::string& what);

}  // namespace agop::cli
