#include <filesystem>

#include "agop/npy.hpp"
#include "api/tensor_conversion.hpp"
#include "autodiff/error.hpp"
#include "data/npy.hpp"

namespace agop {

Array read_npy_array(const std::string& path) { return api::array_from_tensor(read_npy_tensor(path)); }

void write_npy_array(const std::string& path, ArrayView array, bool overwrite) {
    if (!overwrite && std::filesystem::exists(path))
        throw Error(path + ": exists; pass overwrite = true to replace it");
    write_npy_tensor(path, api::tensor_from_view(array, path));
}

}  // namespace agop
