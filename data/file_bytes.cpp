#include "data/file_bytes.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>

#include "autodiff/error.hpp"

namespace agop {

std::string read_file_bytes(const std::string& path, const std::string& expected) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw Error(path + ": no such file; expected " + expected);
    if (std::filesystem::is_directory(status)) throw Error(path + ": is a folder; expected " + expected);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open it for reading (" + std::strerror(errno) + "); expected " + expected);
    try {
        in.seekg(0, std::ios::end);
        const std::streamoff size = in.tellg();
        std::string bytes;
        if (size > 0) {
            // A regular file: read it in one go. Pipes and special files report no size.
            in.seekg(0);
            bytes.resize(static_cast<std::size_t>(size));
            if (!in.read(bytes.data(), size)) throw Error(path + ": reading the file failed; expected " + expected);
            return bytes;
        }
        in.clear();
        in.seekg(0);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        return bytes;
    } catch (const std::bad_alloc&) {
        throw Error(path + ": the file is too large to hold in memory; expected " + expected);
    } catch (const std::ios_base::failure&) {
        throw Error(path + ": reading the file failed; expected " + expected);
    }
}

std::string printable_excerpt(const std::string& text, std::size_t max_chars) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == max_chars) return out + "...";
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\\':
                out += "\\\\";
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    out += "\\x";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out;
}

}  // namespace agop
