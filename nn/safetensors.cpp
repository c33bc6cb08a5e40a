#include "nn/safetensors.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>

#include <unistd.h>

#include "autodiff/error.hpp"
#include "nn/safetensors_dtypes.hpp"
#include "nn/safetensors_header.hpp"

namespace agop::nn {

namespace {

constexpr std::uint64_t max_header_bytes = 100u << 20;  // safetensors' own limit

void require_little_endian() {
    const std::uint32_t one = 1;
    unsigned char first;
    std::memcpy(&first, &one, 1);
    if (first != 1) throw Error("safetensors: this build supports little-endian hosts only");
}

bool file_exists(const std::string& path) { return std::ifstream(path).good(); }

}  // namespace

const Tensor* SafetensorsFile::find(const std::string& name) const {
    for (const auto& [n, t] : tensors)
        if (n == name) return &t;
    return nullptr;
}

void write_safetensors(const std::string& path, const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                       const Metadata& metadata, bool overwrite) {
    require_little_endian();
    if (!overwrite && file_exists(path))
        throw Error(path + ": the file exists; refusing to overwrite it (pass the overwrite flag to replace it)");
    SafetensorsHeader header;
    header.metadata = metadata;
    std::set<std::string> names;
    std::size_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (name == "__metadata__" || !names.insert(name).second)
            throw Error(path + ": tensor name '" + name + "' is reserved or used twice");
        const std::size_t bytes = tensor->size() * sizeof(float);
        header.tensors.push_back({name, "F32", shape_of(*tensor), offset, offset + bytes});
        offset += bytes;
    }
    std::string json = format_header(header);
    json.append((8 - json.size() % 8) % 8, ' ');

    const std::string temporary = path + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(temporary + ": cannot open for writing");
        const std::uint64_t length = json.size();
        out.write(reinterpret_cast<const char*>(&length), sizeof length);
        out.write(json.data(), static_cast<std::streamsize>(json.size()));
        for (const auto& [name, tensor] : tensors)
            out.write(reinterpret_cast<const char*>(tensor->data()), static_cast<std::streamsize>(tensor->size() * sizeof(float)));
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            throw Error(temporary + ": write failed (disk full?)");
        }
    }
    if (!overwrite && file_exists(path)) {
        std::remove(temporary.c_str());
        throw Error(path + ": the file appeared while writing; refusing to overwrite it");
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw Error(path + ": cannot rename the temporary file " + temporary + " onto it");
    }
}

SafetensorsFile parse_safetensors(const char* bytes, std::size_t size, const std::string& path) {
    require_little_endian();
    std::uint64_t length = 0;
    if (size < 8)
        throw Error(path + ": too short for a safetensors file (" + std::to_string(size) + " bytes; at least 8 needed)");
    std::memcpy(&length, bytes, sizeof length);
    if (length > max_header_bytes || length > size - 8)
        throw Error(path + ": header length " + std::to_string(length) + " does not fit in the file of " +
                    std::to_string(size) + " bytes");
    const std::string json(bytes + 8, length);
    const SafetensorsHeader header = parse_header(json, path);
    const std::uint64_t data_bytes = size - 8 - length;
    const char* data = bytes + 8 + length;

    std::vector<const TensorEntry*> by_offset;
    for (const auto& t : header.tensors) {
        const std::string where = path + ": tensor '" + t.name + "'";
        const std::size_t element_bytes = dtype_size(t.dtype, where);
        if (t.begin > t.end || t.end > data_bytes)
            throw Error(where + " has data_offsets [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
                        ") outside the data section of " + std::to_string(data_bytes) + " bytes");
        if (t.end - t.begin != element_count(t.shape) * element_bytes)
            throw Error(where + " has shape " + shape_string(t.shape) + " (" +
                        std::to_string(element_count(t.shape) * element_bytes) + " bytes) but data_offsets span " +
                        std::to_string(t.end - t.begin) + " bytes");
        by_offset.push_back(&t);
    }
    std::sort(by_offset.begin(), by_offset.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
    for (std::size_t i = 1; i < by_offset.size(); ++i)
        if (by_offset[i]->begin < by_offset[i - 1]->end)
            throw Error(path + ": tensors '" + by_offset[i - 1]->name + "' and '" + by_offset[i]->name + "' overlap");

    SafetensorsFile file;
    file.metadata = header.metadata;
    for (const auto& t : header.tensors) {
        if (!is_float_dtype(t.dtype)) {
            file.integer_tensors.push_back(t.name);
            continue;
        }
        Tensor tensor = Tensor::from_shape(t.shape);
        decode_float_tensor(t.dtype, data + t.begin, tensor.size(), tensor.data(), path + ": tensor '" + t.name + "'");
        file.tensors.emplace_back(t.name, std::move(tensor));
    }
    return file;
}

SafetensorsFile read_safetensors(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw Error(path + ": cannot open the file");
    const std::streamoff size = in.tellg();
    if (size < 0) throw Error(path + ": cannot read the file (is it a folder?)");
    in.seekg(0);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (!in.read(bytes.data(), size)) throw Error(path + ": reading the file failed");
    return parse_safetensors(bytes.data(), bytes.size(), path);
}

}  // namespace agop::nn
