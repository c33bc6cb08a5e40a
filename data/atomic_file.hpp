#pragma once
// Output files are written whole or not at all. The bytes go to a temporary file in the
// same folder (so the rename cannot cross file systems), which is flushed, closed, synced
// and checked; only then is it renamed onto the destination. A reader therefore sees
// either the old file, or no file, or the complete new one — never half a file — and a
// full disk or a failed write is an Error naming the destination, with the temporary
// file removed.

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace agop {

// Writes `path` through `write`, which streams the whole content into the given stream.
// Throws Error("<path>: ...") when the folder is missing or unwritable, when any write,
// the flush, the close or the rename fails. An existing file at `path` is replaced: the
// caller decides beforehand whether replacing is allowed.
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

// The same for content already in memory.
void write_text_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace agop
