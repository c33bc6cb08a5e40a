#include "data/npy.hpp"

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <iomanip>
#include <sstream>

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"
#include "data/file_bytes.hpp"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "agop's .npy reader copies little-endian bytes directly and needs a little-endian host"
#endif

namespace agop {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;

[[noreturn]] void refuse(const std::string& path, const std::string& what) {
    throw Error("npy file '" + path + "': " + what);
}

// The value text following 'key': in the header dict, e.g. "'<f4'" or "(3, 4)".
std::string dict_value(const std::string& header, const std::string& key, const std::string& path) {
    const std::string quoted = "'" + key + "'";
    const auto at = header.find(quoted);
    if (at == std::string::npos) refuse(path, "header has no '" + key + "' entry: " + printable_excerpt(header));
    auto pos = header.find(':', at + quoted.size());
    if (pos == std::string::npos) refuse(path, "header entry '" + key + "' has no value: " + printable_excerpt(header));
    ++pos;
    while (pos < header.size() && header[pos] == ' ') ++pos;
    if (pos >= header.size()) refuse(path, "header entry '" + key + "' has no value: " + printable_excerpt(header));
    std::size_t end;
    if (header[pos] == '\'') {
        end = header.find('\'', pos + 1);
        if (end == std::string::npos) refuse(path, "unterminated string in header: " + printable_excerpt(header));
        return header.substr(pos + 1, end - pos - 1);
    }
    if (header[pos] == '(') {
        end = header.find(')', pos);
        if (end == std::string::npos) refuse(path, "unterminated shape tuple in header: " + printable_excerpt(header));
        return header.substr(pos, end - pos + 1);
    }
    end = header.find_first_of(",}", pos);
    return header.substr(pos, end - pos);
}

NpyDtype parse_descr(const std::string& descr, const std::string& path) {
    if (descr == "<f4") return NpyDtype::float32;
    if (descr == "<f8") return NpyDtype::float64;
    if (descr == "<i8") return NpyDtype::int64;
    if (descr == "|u1" || descr == "<u1") return NpyDtype::uint8;
    if (descr == "|b1") return NpyDtype::uint8;  // NumPy bool: one byte, 0 or 1 (the CLEVR-XAI masks)
    if (!descr.empty() && descr[0] == '>')
        refuse(path, "dtype '" + printable_excerpt(descr, 20) + "' is big-endian; save it little-endian (arr.astype('<" +
                         printable_excerpt(descr.substr(1), 20) + "'))");
    refuse(path, "dtype '" + printable_excerpt(descr, 20) + "' is not supported; expected float32 '<f4', float64 '<f8', "
                 "int64 '<i8', uint8 '|u1' or bool '|b1'");
}

Shape parse_shape(const std::string& tuple, const std::string& path) {
    Shape shape;
    const std::string shown = printable_excerpt(tuple);
    if (tuple.size() < 2 || tuple.front() != '(' || tuple.back() != ')')
        refuse(path, "shape '" + shown + "' is not a tuple such as (3, 4)");
    std::string inner = tuple.substr(1, tuple.size() - 2);
    std::stringstream in(inner);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto first = item.find_first_not_of(' ');
        if (first == std::string::npos) continue;  // the trailing comma of "(3,)"
        const auto last = item.find_last_not_of(' ');
        const std::string digits = item.substr(first, last - first + 1);
        if (digits.find_first_not_of("0123456789") != std::string::npos)
            refuse(path, "shape " + shown + " has a non-integer entry '" + printable_excerpt(digits, 20) + "'");
        errno = 0;
        const unsigned long long extent = std::strtoull(digits.c_str(), nullptr, 10);
        if (errno == ERANGE) refuse(path, "shape " + shown + " has an entry too large for 64 bits");
        shape.push_back(static_cast<std::size_t>(extent));
    }
    return shape;
}

// 1e+39, nan, inf: the value as a user would write it.
std::string number_text(double value) {
    std::ostringstream out;
    out << std::setprecision(9) << value;
    return out.str();
}

std::string shape_tuple(const Shape& shape) {
    std::string out = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
    if (shape.size() == 1) out += ",";
    return out + ")";
}

}  // namespace

std::string npy_descr(NpyDtype dtype) {
    switch (dtype) {
        case NpyDtype::float32: return "<f4";
        case NpyDtype::float64: return "<f8";
        case NpyDtype::int64: return "<i8";
        case NpyDtype::uint8: return "|u1";
    }
    throw Error("npy_descr: unknown dtype");
}

std::size_t npy_item_size(NpyDtype dtype) {
    switch (dtype) {
        case NpyDtype::float32: return 4;
        case NpyDtype::float64: return 8;
        case NpyDtype::int64: return 8;
        case NpyDtype::uint8: return 1;
    }
    throw Error("npy_item_size: unknown dtype");
}

NpyHeader parse_npy_header(const unsigned char* bytes, std::size_t size, std::size_t file_size,
                           const std::string& path) {
    if (size < 10 || std::memcmp(bytes, kMagic, kMagicSize) != 0)
        refuse(path, "not a .npy file (it does not start with the magic string \\x93NUMPY)");
    const int major = bytes[6], minor = bytes[7];
    if (major != 1)
        refuse(path, "format version " + std::to_string(major) + "." + std::to_string(minor) +
                         " is not supported; expected version 1.0 (np.save writes it for headers under 64 KiB)");
    const std::size_t header_size = bytes[8] | (static_cast<std::size_t>(bytes[9]) << 8);
    if (size < 10 + header_size)
        refuse(path, "truncated header: it declares " + std::to_string(header_size) + " bytes but the file has " +
                         std::to_string(size - 10));
    const std::string header(reinterpret_cast<const char*>(bytes) + 10, header_size);

    NpyHeader out;
    out.dtype = parse_descr(dict_value(header, "descr", path), path);
    const std::string fortran = dict_value(header, "fortran_order", path);
    if (fortran.find("True") != std::string::npos)
        refuse(path, "array is in Fortran order; save it in C order (np.ascontiguousarray)");
    if (fortran.find("False") == std::string::npos)
        refuse(path, "fortran_order is '" + printable_excerpt(fortran, 20) + "'; expected False");
    out.shape = parse_shape(dict_value(header, "shape", path), path);
    out.data_offset = 10 + header_size;

    // Checked before anything is allocated: a crafted shape must neither overflow nor ask for
    // more bytes than the file holds.
    try {
        if (__builtin_mul_overflow(element_count(out.shape), npy_item_size(out.dtype), &out.data_bytes))
            throw Error("overflow");
    } catch (const Error&) {
        refuse(path, "shape " + shape_string(out.shape) + " of dtype '" + npy_descr(out.dtype) +
                         "' has more bytes than 64-bit sizes can count; the header is damaged");
    }
    const std::size_t found = file_size - out.data_offset;
    if (found != out.data_bytes)
        refuse(path, "shape " + shape_string(out.shape) + " of dtype '" + npy_descr(out.dtype) + "' needs " +
                         std::to_string(out.data_bytes) + " data bytes but the file has " + std::to_string(found) +
                         (found < out.data_bytes ? " (truncated)" : ""));
    return out;
}

NpyArray parse_npy(const unsigned char* bytes, std::size_t size, const std::string& path) {
    const NpyHeader header = parse_npy_header(bytes, size, size, path);
    NpyArray array;
    array.dtype = header.dtype;
    array.shape = header.shape;
    array.bytes.assign(bytes + header.data_offset, bytes + size);
    return array;
}

NpyArray read_npy(const std::string& path) {
    const std::string file = read_file_bytes(path, "a .npy file");
    return parse_npy(reinterpret_cast<const unsigned char*>(file.data()), file.size(), path);
}

std::string npy_preamble(NpyDtype dtype, const Shape& shape) {
    std::string header =
        "{'descr': '" + npy_descr(dtype) + "', 'fortran_order': False, 'shape': " + shape_tuple(shape) + ", }";
    // Pad with spaces and a final newline so that the data starts on a 64-byte boundary, as NumPy does.
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');
    const char version_and_size[4] = {1, 0, static_cast<char>(header.size() & 0xff),
                                      static_cast<char>(header.size() >> 8)};
    return std::string(kMagic, kMagicSize) + std::string(version_and_size, 4) + header;
}

void write_npy(const std::string& path, const NpyArray& array) {
    const std::size_t expected = element_count(array.shape) * npy_item_size(array.dtype);
    if (array.bytes.size() != expected)
        throw Error("write_npy('" + path + "'): shape " + shape_string(array.shape) + " needs " +
                    std::to_string(expected) + " bytes but the array holds " + std::to_string(array.bytes.size()));
    const std::string preamble = npy_preamble(array.dtype, array.shape);

    // Whole or not at all: a reader never sees a header without its data.
    write_file_atomically(path, [&](std::ostream& out) {
        out.write(preamble.data(), static_cast<std::streamsize>(preamble.size()));
        out.write(reinterpret_cast<const char*>(array.bytes.data()), static_cast<std::streamsize>(array.bytes.size()));
    });
}

void npy_to_float32(const unsigned char* src, NpyDtype dtype, std::size_t count, std::size_t first_index,
                    const Shape& shape, const std::string& path, float* dst) {
    for (std::size_t i = 0; i < count; ++i) {
        double value = 0.0;  // what the file holds, for the message when float32 cannot hold it
        switch (dtype) {
            case NpyDtype::float32: std::memcpy(&dst[i], src + 4 * i, 4); value = dst[i]; break;
            case NpyDtype::float64:
                std::memcpy(&value, src + 8 * i, 8);
                dst[i] = static_cast<float>(value);
                break;
            case NpyDtype::int64: {
                std::int64_t v;
                std::memcpy(&v, src + 8 * i, 8);
                dst[i] = static_cast<float>(v);
                value = dst[i];
                break;
            }
            case NpyDtype::uint8: dst[i] = static_cast<float>(src[i]); break;
        }
        if (!std::isfinite(dst[i]))
            refuse(path, "value " + number_text(value) + " at flat index " + std::to_string(first_index + i) +
                             " of shape " + shape_string(shape) +
                             (std::isfinite(value) ? " does not fit in float32" : " is not finite") +
                             "; inputs, masks and attributions must be finite numbers");
    }
}

Tensor read_npy_tensor(const std::string& path) {
    const NpyArray array = read_npy(path);
    Tensor t = Tensor::from_shape(array.shape);
    npy_to_float32(array.bytes.data(), array.dtype, element_count(array.shape), 0, array.shape, path, t.data());
    return t;
}

void write_npy_tensor(const std::string& path, const Tensor& tensor) {
    NpyArray array;
    array.dtype = NpyDtype::float32;
    array.shape = shape_of(tensor);
    const auto* begin = reinterpret_cast<const unsigned char*>(tensor.data());
    array.bytes.assign(begin, begin + tensor.size() * sizeof(float));
    write_npy(path, array);
}

std::vector<int> read_npy_labels(const std::string& path) {
    const NpyArray array = read_npy(path);
    if (array.shape.size() != 1) refuse(path, "labels must be 1-D; found shape " + shape_string(array.shape));
    if (array.dtype != NpyDtype::uint8 && array.dtype != NpyDtype::int64)
        refuse(path, "labels must be int64 or uint8; found '" + npy_descr(array.dtype) + "'");
    std::vector<int> labels(array.shape[0]);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        std::int64_t v = 0;
        if (array.dtype == NpyDtype::uint8) v = array.bytes[i];
        else std::memcpy(&v, array.bytes.data() + 8 * i, 8);
        if (v < 0 || v > INT_MAX)
            refuse(path, "label " + std::to_string(v) + " at index " + std::to_string(i) +
                             " is not a class index (expected 0, 1, 2, ...)");
        labels[i] = static_cast<int>(v);
    }
    return labels;
}

void write_npy_labels(const std::string& path, const std::vector<int>& labels) {
    NpyArray array;
    array.dtype = NpyDtype::int64;
    array.shape = {labels.size()};
    array.bytes.resize(labels.size() * 8);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const std::int64_t v = labels[i];
        std::memcpy(array.bytes.data() + 8 * i, &v, 8);
    }
    write_npy(path, array);
}

}  // namespace agop
